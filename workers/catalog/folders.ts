import type { FolderInput, ScopeState, SubService } from '../backup/types';
import { kindFilter } from './kinds';
import type { SnapshotFolder } from './types';
import { removeVersion } from './versions';

/**
 * Folder versions and the delta cursor scope of each folder. A scope outlives runs (its
 * delta link is what makes the next run incremental); `pending_seq`/`done_seq` say which
 * run still has to visit it.
 */
interface FolderRow extends Record<string, SqlStorageValue> {
  id: number;
  graph_id: string;
  parent_graph_id: string | null;
  name: string;
  well_known: string | null;
  hidden: number;
  from_seq: number;
}

interface ScopeRow extends Record<string, SqlStorageValue> {
  scope: string;
  sub_service: string;
  folder_graph_id: string;
  cursor: string | null;
  full_sweep: number;
  pending_seq: number | null;
  done_seq: number | null;
}

export function scopeName(subService: SubService, folderGraphId: string): string {
  return `${subService}:${folderGraphId}`;
}

export function toScopeState(row: ScopeRow): ScopeState {
  return {
    scope: row.scope,
    subService: row.sub_service as SubService,
    folderGraphId: row.folder_graph_id,
    cursor: row.cursor,
    fullSweep: row.full_sweep === 1,
  };
}

export function getScope(sql: SqlStorage, scope: string): ScopeRow | undefined {
  return sql.exec<ScopeRow>('SELECT * FROM scopes WHERE scope = ?', scope).toArray()[0];
}

/** Creates the scope if it is new: first sync = full sweep from no cursor. */
export function ensureScope(
  sql: SqlStorage,
  subService: SubService,
  folderGraphId: string,
  scope = scopeName(subService, folderGraphId),
): ScopeRow {
  sql.exec(
    `INSERT INTO scopes (scope, sub_service, folder_graph_id, cursor, full_sweep)
     VALUES (?, ?, ?, NULL, 1) ON CONFLICT (scope) DO NOTHING`,
    scope,
    subService,
    folderGraphId,
  );
  return getScope(sql, scope)!;
}

function sameFolder(row: FolderRow, f: FolderInput): boolean {
  return (
    row.parent_graph_id === (f.parentGraphId ?? null) &&
    row.name === f.name &&
    row.well_known === (f.wellKnown ?? null) &&
    row.hidden === (f.hidden ? 1 : 0)
  );
}

export function syncFolders(
  sql: SqlStorage,
  seq: number,
  subService: SubService,
  folders: FolderInput[],
): ScopeState[] {
  const open = new Map(
    sql
      .exec<FolderRow>('SELECT * FROM folders WHERE sub_service = ? AND to_seq IS NULL', subService)
      .toArray()
      .map((r) => [r.graph_id, r]),
  );
  const wanted = new Map(folders.map((f) => [f.graphId, f]));
  for (const [graphId, row] of open) {
    if (wanted.has(graphId)) continue;
    closeFolder(sql, seq, subService, row);
  }
  for (const f of wanted.values()) {
    const row = open.get(f.graphId);
    if (row && sameFolder(row, f)) {
      // unchanged
    } else if (row && row.from_seq >= seq) {
      sql.exec(
        'UPDATE folders SET parent_graph_id = ?, name = ?, well_known = ?, hidden = ? WHERE id = ?',
        f.parentGraphId ?? null,
        f.name,
        f.wellKnown ?? null,
        f.hidden ? 1 : 0,
        row.id,
      );
    } else {
      if (row) sql.exec('UPDATE folders SET to_seq = ? WHERE id = ?', seq, row.id);
      sql.exec(
        `INSERT INTO folders (sub_service, graph_id, parent_graph_id, name, well_known, hidden, from_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        subService,
        f.graphId,
        f.parentGraphId ?? null,
        f.name,
        f.wellKnown ?? null,
        f.hidden ? 1 : 0,
        seq,
      );
    }
    const scope = ensureScope(sql, subService, f.graphId);
    // Only a newer run re-arms a scope, so calling again for the same run is a no-op.
    if ((scope.pending_seq ?? 0) < seq) {
      sql.exec('UPDATE scopes SET pending_seq = ? WHERE scope = ?', seq, scope.scope);
    }
  }
  return pendingScopes(sql, seq, subService);
}

/** A folder gone from Microsoft 365: it and the items still open in it end at `seq`. */
function closeFolder(sql: SqlStorage, seq: number, subService: SubService, row: FolderRow): void {
  if (row.from_seq >= seq) sql.exec('DELETE FROM folders WHERE id = ?', row.id);
  else sql.exec('UPDATE folders SET to_seq = ? WHERE id = ?', seq, row.id);
  const { clause, kinds } = kindFilter(subService);
  const items = sql
    .exec<{ kind: string; graph_id: string }>(
      `SELECT kind, graph_id FROM items WHERE folder_graph_id = ? AND to_seq IS NULL AND ${clause}`,
      row.graph_id,
      ...kinds,
    )
    .toArray();
  for (const item of items) removeVersion(sql, seq, item.kind, item.graph_id, row.graph_id);
  const scope = scopeName(subService, row.graph_id);
  sql.exec('DELETE FROM scopes WHERE scope = ?', scope);
  sql.exec('DELETE FROM sweep_seen WHERE scope = ?', scope);
}

export function pendingScopes(sql: SqlStorage, seq: number, subService: SubService): ScopeState[] {
  return sql
    .exec<ScopeRow>(
      `SELECT * FROM scopes WHERE sub_service = ? AND pending_seq = ?
         AND (done_seq IS NULL OR done_seq < ?) ORDER BY scope`,
      subService,
      seq,
      seq,
    )
    .toArray()
    .map(toScopeState);
}

/** Delta state lost (410): start over from no cursor and reconcile when the sweep ends. */
export function resetScope(sql: SqlStorage, scope: string): void {
  sql.exec('UPDATE scopes SET cursor = NULL, full_sweep = 1 WHERE scope = ?', scope);
  sql.exec('DELETE FROM sweep_seen WHERE scope = ?', scope);
}

export function snapshotFolders(
  sql: SqlStorage,
  seq: number,
  subService?: SubService,
): SnapshotFolder[] {
  const rows = sql
    .exec<FolderRow & { sub_service: string }>(
      `SELECT * FROM folders WHERE from_seq <= ? AND (to_seq IS NULL OR to_seq > ?)
         AND (? IS NULL OR sub_service = ?) ORDER BY sub_service, graph_id`,
      seq,
      seq,
      subService ?? null,
      subService ?? null,
    )
    .toArray();
  return rows.map((r) => ({
    subService: r.sub_service as SubService,
    graphId: r.graph_id,
    parentGraphId: r.parent_graph_id,
    name: r.name,
    ...(r.well_known ? { wellKnown: r.well_known } : {}),
    hidden: r.hidden === 1,
  }));
}
