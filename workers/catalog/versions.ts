import type { CatalogItemInput, ItemKind } from '../backup/types';
import { stableJson } from '../domain/stable-json';
import { indexVersion, unindexVersion } from './search';

/**
 * Opening, closing and replacing item versions. Every rule that keeps history exact lives
 * here: one open version per (kind, graph id); a version opened in the current run is
 * edited in place rather than duplicated; an item removed and re-added within one run (a
 * move seen from the source folder first) continues its history instead of counting as
 * deleted and added.
 */
export interface VersionRow extends Record<string, SqlStorageValue> {
  id: number;
  kind: string;
  graph_id: string;
  folder_graph_id: string;
  sha256: string;
  size: number;
  stored_size: number;
  chunks: string;
  meta: string;
  op: string;
  end_reason: string | null;
  from_seq: number;
  to_seq: number | null;
}

export type UpsertOutcome = 'added' | 'changed' | 'unchanged';

const COLUMNS = `id, kind, graph_id, folder_graph_id, sha256, size, stored_size, chunks, meta, op,
  end_reason, from_seq, to_seq`;

export function openVersion(
  sql: SqlStorage,
  kind: string,
  graphId: string,
): VersionRow | undefined {
  return sql
    .exec<VersionRow>(
      `SELECT ${COLUMNS} FROM items WHERE kind = ? AND graph_id = ? AND to_seq IS NULL`,
      kind,
      graphId,
    )
    .toArray()[0];
}

function sameContent(row: VersionRow, input: CatalogItemInput, meta: string): boolean {
  return (
    row.sha256 === input.sha256 && row.folder_graph_id === input.folderGraphId && row.meta === meta
  );
}

function adjustRefs(sql: SqlStorage, chunks: string[], delta: 1 | -1): void {
  for (const id of new Set(chunks)) {
    sql.exec(
      `INSERT INTO chunk_refs (chunk_id, refs) VALUES (?, ?)
       ON CONFLICT (chunk_id) DO UPDATE SET refs = refs + excluded.refs`,
      id,
      delta,
    );
  }
}

export function upsertVersion(
  sql: SqlStorage,
  seq: number,
  input: CatalogItemInput,
  now: Date,
  indexing: boolean,
): UpsertOutcome {
  const meta = stableJson(input.meta);
  const open = openVersion(sql, input.kind, input.graphId);
  if (open && sameContent(open, input, meta)) {
    if (indexing && input.search) indexVersion(sql, open.id, input.search, true);
    return 'unchanged';
  }
  if (open && open.from_seq >= seq) {
    replaceInPlace(sql, open, input, meta, indexing);
    return 'changed';
  }
  if (open) {
    sql.exec(`UPDATE items SET to_seq = ?, end_reason = 'replaced' WHERE id = ?`, seq, open.id);
    insertVersion(sql, seq, input, meta, 'change', now, indexing);
    return 'changed';
  }
  const removedNow = sql
    .exec<VersionRow>(
      `SELECT ${COLUMNS} FROM items WHERE kind = ? AND graph_id = ? AND to_seq = ?
         AND end_reason = 'removed' ORDER BY id DESC LIMIT 1`,
      input.kind,
      input.graphId,
      seq,
    )
    .toArray()[0];
  if (removedNow && sameContent(removedNow, input, meta)) {
    sql.exec('UPDATE items SET to_seq = NULL, end_reason = NULL WHERE id = ?', removedNow.id);
    return 'unchanged';
  }
  if (removedNow) {
    sql.exec(`UPDATE items SET end_reason = 'replaced' WHERE id = ?`, removedNow.id);
    insertVersion(sql, seq, input, meta, 'change', now, indexing);
    return 'changed';
  }
  insertVersion(sql, seq, input, meta, 'add', now, indexing);
  return 'added';
}

function insertVersion(
  sql: SqlStorage,
  seq: number,
  input: CatalogItemInput,
  meta: string,
  op: 'add' | 'change',
  now: Date,
  indexing: boolean,
): void {
  const row = sql
    .exec<{ id: number }>(
      `INSERT INTO items (kind, graph_id, folder_graph_id, change_key, sha256, size, stored_size,
         chunks, meta, op, from_seq, created_at, created_day)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      input.kind,
      input.graphId,
      input.folderGraphId,
      input.changeKey ?? null,
      input.sha256,
      input.size,
      input.storedSize,
      JSON.stringify(input.chunks),
      meta,
      op,
      seq,
      now.getTime(),
      now.toISOString().slice(0, 10),
    )
    .one();
  adjustRefs(sql, input.chunks, 1);
  if (indexing && input.search) indexVersion(sql, row.id, input.search, false);
}

function replaceInPlace(
  sql: SqlStorage,
  row: VersionRow,
  input: CatalogItemInput,
  meta: string,
  indexing: boolean,
): void {
  sql.exec(
    `UPDATE items SET folder_graph_id = ?, change_key = ?, sha256 = ?, size = ?,
       stored_size = stored_size + ?, chunks = ?, meta = ? WHERE id = ?`,
    input.folderGraphId,
    input.changeKey ?? null,
    input.sha256,
    input.size,
    input.storedSize,
    JSON.stringify(input.chunks),
    meta,
    row.id,
  );
  adjustRefs(sql, JSON.parse(row.chunks) as string[], -1);
  adjustRefs(sql, input.chunks, 1);
  if (indexing && input.search) {
    unindexVersion(sql, row.id);
    indexVersion(sql, row.id, input.search, false);
  }
}

/**
 * Ends an open version at `seq` because its item is gone. A version that began in this
 * same run never existed in any snapshot: it is dropped, and the version it replaced (if
 * any) is the one that ends as removed. Returns false when nothing was open.
 */
export function removeVersion(
  sql: SqlStorage,
  seq: number,
  kind: ItemKind | string,
  graphId: string,
  onlyInFolder?: string,
): boolean {
  const open = openVersion(sql, kind, graphId);
  // A removal reported by a folder the item has already moved out of is stale news.
  if (!open || (onlyInFolder !== undefined && open.folder_graph_id !== onlyInFolder)) return false;
  if (open.from_seq < seq) {
    sql.exec(`UPDATE items SET to_seq = ?, end_reason = 'removed' WHERE id = ?`, seq, open.id);
    return true;
  }
  sql.exec('DELETE FROM items WHERE id = ?', open.id);
  adjustRefs(sql, JSON.parse(open.chunks) as string[], -1);
  unindexVersion(sql, open.id);
  if (open.op === 'change') {
    sql.exec(
      `UPDATE items SET end_reason = 'removed' WHERE kind = ? AND graph_id = ? AND to_seq = ?`,
      kind,
      graphId,
      seq,
    );
  }
  return true;
}
