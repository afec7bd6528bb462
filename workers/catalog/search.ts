import type { ItemKind, SearchText } from '../backup/types';
import { inSnapshot, itemColumns, toSnapshotItem, type ItemRow } from './item-rows';
import type { SnapshotItem } from './types';

/**
 * The FTS5 index (C9): one row per item version, rowid = items.id, so a hit names the runs
 * in which that text was current.
 */
export function indexVersion(
  sql: SqlStorage,
  id: number,
  text: SearchText,
  onlyIfMissing: boolean,
): void {
  if (onlyIfMissing && sql.exec('SELECT rowid FROM item_fts WHERE rowid = ?', id).toArray().length)
    return;
  sql.exec(
    `INSERT INTO item_fts (rowid, subject, sender, recipients, body, attachments)
     VALUES (?, ?, ?, ?, ?, ?)`,
    id,
    text.subject ?? '',
    text.from ?? '',
    text.to ?? '',
    text.body ?? '',
    text.attachments ?? '',
  );
}

export function unindexVersion(sql: SqlStorage, id: number): void {
  sql.exec('DELETE FROM item_fts WHERE rowid = ?', id);
}

/**
 * Turns what a user typed into a MATCH expression that cannot be FTS syntax: only word
 * characters survive, every term is a quoted string (implicit AND), and the last one
 * matches as a prefix so results follow typing. Null when nothing searchable remains.
 */
export function toMatchExpression(query: string): string | null {
  const terms =
    query
      .normalize('NFKC')
      .match(/[\p{L}\p{N}_]+/gu)
      ?.slice(0, 16) ?? [];
  if (terms.length === 0) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}

export interface SearchHit extends SnapshotItem {
  /** First run in which this version is part of the snapshot. */
  fromSeq: number;
  /** First run in which it no longer is (null: still current). */
  toSeq: number | null;
}

interface HitRow extends ItemRow {
  from_seq: number;
  to_seq: number | null;
}

export function search(
  sql: SqlStorage,
  query: string,
  opts: { seq?: number; kind?: ItemKind; limit: number },
): SearchHit[] {
  const match = toMatchExpression(query);
  if (!match) return [];
  const where = ['item_fts MATCH ?'];
  const args: SqlStorageValue[] = [match];
  if (opts.seq !== undefined) {
    where.push(inSnapshot('i.'));
    args.push(opts.seq, opts.seq);
  }
  if (opts.kind) {
    where.push('i.kind = ?');
    args.push(opts.kind);
  }
  const limit = Math.max(1, Math.min(500, Math.floor(opts.limit)));
  const rows = sql
    .exec<HitRow>(
      `SELECT ${itemColumns('i.')}, i.from_seq, i.to_seq
         FROM item_fts JOIN items i ON i.id = item_fts.rowid
        WHERE ${where.join(' AND ')}
        ORDER BY item_fts.rank, i.id LIMIT ?`,
      ...args,
      limit,
    )
    .toArray();
  return rows.map((r) => ({
    ...toSnapshotItem(r),
    fromSeq: r.from_seq,
    toSeq: r.to_seq,
  }));
}
