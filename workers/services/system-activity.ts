import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { systemActivity } from '../db/backup-schema';
import { decodeCursor, encodeCursor } from './page-cursor';
import type { Principal } from './auth/principal';
import type { Deps } from './deps';

/** System activity (F1): what the backup machinery did, one row per event. */

export type SystemActivityInput = Omit<typeof systemActivity.$inferInsert, 'id' | 'createdAt'>;

export async function recordSystemActivity(db: Db, row: SystemActivityInput): Promise<void> {
  await db
    .insert(systemActivity)
    .values({ id: crypto.randomUUID(), createdAt: new Date(), ...row });
}

export interface ActivityFilter {
  taskId?: string;
  entityId?: string;
  cursor?: string;
  limit: number;
}

/** Cursor key: the (createdAt ms, id) of the last row of the page, newest first. */
function isActivityKey(value: unknown): value is [number, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string'
  );
}

export async function listSystemActivity(actor: Principal, deps: Deps, filter: ActivityFilter) {
  const conditions: Array<SQL | undefined> = [eq(systemActivity.accountId, actor.accountId)];
  if (filter.taskId) conditions.push(eq(systemActivity.taskId, filter.taskId));
  if (filter.entityId) conditions.push(eq(systemActivity.entityId, filter.entityId));
  if (filter.cursor) {
    const [at, id] = decodeCursor(filter.cursor, isActivityKey);
    const when = new Date(at);
    conditions.push(
      or(
        lt(systemActivity.createdAt, when),
        and(eq(systemActivity.createdAt, when), lt(systemActivity.id, id)),
      ),
    );
  }
  const rows = await deps.db
    .select()
    .from(systemActivity)
    .where(and(...conditions))
    .orderBy(desc(systemActivity.createdAt), desc(systemActivity.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id,
      activity: r.activity,
      createdAt: r.createdAt.toISOString(),
      service: r.service,
      subService: r.subService,
      status: r.status,
      taskId: r.taskId,
      taskName: r.taskName,
      entityId: r.entityId,
      item: r.item,
      executionMs: r.executionMs,
      dataBytes: r.dataBytes,
      records: r.records,
      description: r.description,
    })),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor([last.createdAt.getTime(), last.id]) : null,
  };
}
