import type { CommitPageInput, CommitPageResult } from '../backup/types';
import { ensureScope, getScope } from './folders';
import { kindFilter } from './kinds';
import { getMeta, setMeta } from './meta';
import { removeVersion, upsertVersion } from './versions';

/**
 * Applies one Graph page. The caller runs it inside one storage transaction, so items,
 * failures, the sweep bookkeeping and the cursor move together or not at all; the
 * expected-cursor check makes a redelivered page a no-op.
 */
export function commitPage(sql: SqlStorage, input: CommitPageInput, now: Date): CommitPageResult {
  const result: CommitPageResult = {
    accepted: false,
    added: 0,
    changed: 0,
    deleted: 0,
    unchanged: 0,
  };
  const folderOfScope = input.scope.slice(input.scope.indexOf(':') + 1);
  const scope =
    getScope(sql, input.scope) ?? ensureScope(sql, input.subService, folderOfScope, input.scope);
  if ((scope.cursor ?? null) !== (input.expectedCursor ?? null)) return result;
  result.accepted = true;

  const indexing = getMeta(sql, 'indexing') === '1';
  const sweeping = scope.full_sweep === 1;
  for (const item of input.upserts) {
    const outcome = upsertVersion(sql, input.seq, item, now, indexing);
    result[outcome] += 1;
    if (sweeping) {
      sql.exec(
        'INSERT OR IGNORE INTO sweep_seen (scope, graph_id) VALUES (?, ?)',
        scope.scope,
        item.graphId,
      );
    }
    // A retry that succeeded clears the failure an earlier page recorded for this run.
    sql.exec(
      'DELETE FROM failures WHERE seq = ? AND sub_service = ? AND graph_id = ?',
      input.seq,
      input.subService,
      item.graphId,
    );
  }
  for (const removal of input.removals) {
    if (removeVersion(sql, input.seq, removal.kind, removal.graphId, scope.folder_graph_id)) {
      result.deleted += 1;
    }
  }
  for (const failure of input.failures) {
    sql.exec(
      `INSERT INTO failures (seq, sub_service, graph_id, reason) VALUES (?, ?, ?, ?)
       ON CONFLICT (seq, sub_service, graph_id) DO UPDATE SET reason = excluded.reason`,
      input.seq,
      input.subService,
      failure.graphId,
      failure.reason,
    );
  }
  if (input.scopeDone && sweeping)
    result.deleted += finishSweep(sql, input, scope.scope, scope.folder_graph_id);
  sql.exec(
    `UPDATE scopes SET cursor = ?, full_sweep = ?, done_seq = CASE WHEN ? THEN ? ELSE done_seq END,
       pending_seq = CASE WHEN ? AND (pending_seq IS NULL OR pending_seq < ?) THEN ? ELSE pending_seq END
     WHERE scope = ?`,
    input.nextCursor,
    input.scopeDone ? 0 : scope.full_sweep,
    input.scopeDone ? 1 : 0,
    input.seq,
    input.scopeDone ? 1 : 0,
    input.seq,
    input.seq,
    scope.scope,
  );
  if (input.governor !== undefined) setMeta(sql, 'governor', JSON.stringify(input.governor));
  return result;
}

/**
 * End of a full enumeration: whatever was open in the folder but not enumerated is gone.
 * Items the sweep saw were merged version by version, so re-enumeration never duplicates.
 */
function finishSweep(
  sql: SqlStorage,
  input: CommitPageInput,
  scope: string,
  folderGraphId: string,
): number {
  const { clause, kinds } = kindFilter(input.subService);
  const unseen = sql
    .exec<{ kind: string; graph_id: string }>(
      `SELECT kind, graph_id FROM items
        WHERE folder_graph_id = ? AND to_seq IS NULL AND ${clause}
          AND graph_id NOT IN (SELECT graph_id FROM sweep_seen WHERE scope = ?)`,
      folderGraphId,
      ...kinds,
      scope,
    )
    .toArray();
  let closed = 0;
  for (const item of unseen) {
    if (removeVersion(sql, input.seq, item.kind, item.graph_id, folderGraphId)) closed += 1;
  }
  sql.exec('DELETE FROM sweep_seen WHERE scope = ?', scope);
  return closed;
}
