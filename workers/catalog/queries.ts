import type { ItemKind, SubService } from '../backup/types';
import { EXCHANGE_SUB_SERVICES } from '../backup/types';
import { inSnapshot, itemColumns, toSnapshotItem, type ItemRow } from './item-rows';
import { SUB_SERVICE_OF, kindFilter } from './kinds';
import type { BlobIdPage, CatalogStats, DailyCount, RunSummary, SnapshotPage } from './types';

/** Read-side queries: snapshots, run outcomes, totals. All keyset-paged or aggregated. */
const IN_SNAPSHOT = inSnapshot();

function count(sql: SqlStorage, where: string, ...args: SqlStorageValue[]): number {
  return sql.exec<{ n: number }>(`SELECT count(*) AS n FROM items WHERE ${where}`, ...args).one().n;
}

export function runSummary(sql: SqlStorage, seq: number, subService: SubService): RunSummary {
  const { clause, kinds } = kindFilter(subService);
  const totals = sql
    .exec<{ n: number; bytes: number | null }>(
      `SELECT count(*) AS n, sum(size) AS bytes FROM items WHERE ${clause} AND ${IN_SNAPSHOT}`,
      ...kinds,
      seq,
      seq,
    )
    .one();
  const opened = sql
    .exec<{ op: string; n: number; stored: number | null }>(
      `SELECT op, count(*) AS n, sum(stored_size) AS stored FROM items
        WHERE from_seq = ? AND ${clause} GROUP BY op`,
      seq,
      ...kinds,
    )
    .toArray();
  const failures = sql
    .exec<{ graph_id: string; reason: string }>(
      'SELECT graph_id, reason FROM failures WHERE seq = ? AND sub_service = ? ORDER BY graph_id',
      seq,
      subService,
    )
    .toArray();
  return {
    items: totals.n,
    added: opened.find((r) => r.op === 'add')?.n ?? 0,
    changed: opened.find((r) => r.op === 'change')?.n ?? 0,
    deleted: count(sql, `to_seq = ? AND end_reason = 'removed' AND ${clause}`, seq, ...kinds),
    bytes: totals.bytes ?? 0,
    storedBytes: opened.reduce((sum, r) => sum + (r.stored ?? 0), 0),
    failures: failures.map((f) => ({ graphId: f.graph_id, reason: f.reason })),
  };
}

export function snapshotItems(
  sql: SqlStorage,
  opts: { seq: number; kind?: ItemKind; folderGraphId?: string; afterId?: string; limit: number },
): SnapshotPage {
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit)));
  // Conditions are added only when given, so SQLite can walk the matching index in
  // graph_id order and stop after one page, however large the folder.
  const where = [IN_SNAPSHOT];
  const args: SqlStorageValue[] = [opts.seq, opts.seq];
  if (opts.folderGraphId !== undefined) {
    where.push('folder_graph_id = ?');
    args.push(opts.folderGraphId);
  }
  if (opts.kind !== undefined) {
    where.push('kind = ?');
    args.push(opts.kind);
  }
  if (opts.afterId !== undefined) {
    where.push('graph_id > ?');
    args.push(opts.afterId);
  }
  const rows = sql
    .exec<ItemRow>(
      `SELECT ${itemColumns()} FROM items
        WHERE ${where.join(' AND ')} ORDER BY graph_id LIMIT ?`,
      ...args,
      limit + 1,
    )
    .toArray();
  const page = rows.slice(0, limit);
  const items = page.map(toSnapshotItem);
  const last = page[page.length - 1];
  return rows.length > limit && last ? { items, next: last.graph_id } : { items };
}

function emptyBySubService<T>(make: () => T): Record<SubService, T> {
  return Object.fromEntries(EXCHANGE_SUB_SERVICES.map((s) => [s, make()])) as Record<SubService, T>;
}

export function stats(sql: SqlStorage): CatalogStats {
  const byKind = sql
    .exec<{ kind: string; n: number; bytes: number | null }>(
      'SELECT kind, count(*) AS n, sum(size) AS bytes FROM items WHERE to_seq IS NULL GROUP BY kind',
    )
    .toArray();
  const stored =
    sql.exec<{ s: number | null }>('SELECT sum(stored_size) AS s FROM items').one().s ?? 0;
  const bySubService = emptyBySubService(() => ({ items: 0, bytes: 0 }));
  let items = 0;
  let bytes = 0;
  for (const row of byKind) {
    const sub = SUB_SERVICE_OF[row.kind as ItemKind];
    if (!sub) continue;
    bySubService[sub].items += row.n;
    bySubService[sub].bytes += row.bytes ?? 0;
    items += row.n;
    bytes += row.bytes ?? 0;
  }
  return { items, bytes, storedBytes: stored, bySubService };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

/** Versions created per UTC day and sub-service, every day of the range present. */
export function dailyCounts(sql: SqlStorage, fromDay: string, toDay: string): DailyCount[] {
  if (!DAY.test(fromDay) || !DAY.test(toDay)) throw new RangeError('days must be YYYY-MM-DD');
  const start = Date.parse(`${fromDay}T00:00:00Z`);
  const end = Date.parse(`${toDay}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start)
    throw new RangeError('invalid day range');
  if ((end - start) / 86_400_000 >= MAX_DAYS) throw new RangeError(`at most ${MAX_DAYS} days`);
  const days = new Map<string, DailyCount>();
  for (let t = start; t <= end; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.set(day, { day, bySubService: emptyBySubService(() => 0) });
  }
  const rows = sql
    .exec<{ day: string; kind: string; n: number }>(
      `SELECT created_day AS day, kind, count(*) AS n FROM items
        WHERE created_day BETWEEN ? AND ? GROUP BY created_day, kind`,
      fromDay,
      toDay,
    )
    .toArray();
  for (const row of rows) {
    const sub = SUB_SERVICE_OF[row.kind as ItemKind];
    const entry = days.get(row.day);
    if (sub && entry) entry.bySubService[sub] += row.n;
  }
  return [...days.values()];
}

export function blobIds(sql: SqlStorage, afterId: string | undefined, limit: number): BlobIdPage {
  const size = Math.max(1, Math.min(5000, Math.floor(limit)));
  const rows = sql
    .exec<{ chunk_id: string }>(
      'SELECT chunk_id FROM chunk_refs WHERE refs > 0 AND chunk_id > ? ORDER BY chunk_id LIMIT ?',
      afterId ?? '',
      size + 1,
    )
    .toArray();
  const ids = rows.slice(0, size).map((r) => r.chunk_id);
  return rows.length > size ? { ids, next: ids[ids.length - 1] } : { ids };
}
