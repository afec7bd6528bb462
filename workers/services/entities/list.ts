import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { entityTags, protectedEntities, type EntityStatus } from '../../db/backup-schema';
import type { Db } from '../../db/client';
import type { Principal } from '../auth/principal';
import { requireTask } from '../backup-tasks/tasks';
import type { Deps } from '../deps';
import { decodeCursor, encodeCursor } from '../page-cursor';
import { entityBody, tagsOf, type EntityBody } from './present';

export interface EntityFilter {
  search?: string;
  status?: EntityStatus;
  licensing?: 'licensed' | 'unlicensed';
  tag?: string;
  cursor?: string;
  limit: number;
}

/** Cursor key: the (name, id) of the last row of the page. */
function isNameKey(value: unknown): value is [string, string] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string');
}

/** LIKE pattern for "contains", with LIKE's own wildcards taken literally. */
function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * The filters of the mailbox list. The (account, task[, status]) prefix is always an
 * equality, so SQLite reads one range of entities_list_idx / entities_status_idx whatever
 * else is filtered.
 */
function filterConditions(accountId: string, taskId: string, filter: EntityFilter): SQL[] {
  const e = protectedEntities;
  const conditions: Array<SQL | undefined> = [eq(e.accountId, accountId), eq(e.taskId, taskId)];
  if (filter.status) conditions.push(eq(e.status, filter.status));
  if (filter.licensing) conditions.push(eq(e.licensed, filter.licensing === 'licensed'));
  if (filter.search) {
    const pattern = containsPattern(filter.search.toLowerCase());
    conditions.push(
      sql`(${e.name} LIKE ${pattern} ESCAPE '\\' OR ${e.email} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (filter.tag) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${entityTags} WHERE ${entityTags.entityId} = ${e.id} AND ${entityTags.tagId} = ${filter.tag})`,
    );
  }
  return conditions.filter((c): c is SQL => c !== undefined);
}

/** One page of the list (limit + 1 rows, to tell whether another page follows). */
export function entityPageQuery(db: Db, accountId: string, taskId: string, filter: EntityFilter) {
  const e = protectedEntities;
  const page = filterConditions(accountId, taskId, filter);
  if (filter.cursor) {
    const [name, id] = decodeCursor(filter.cursor, isNameKey);
    // A row value: SQLite seeks the (name, id) index to the cursor instead of skipping rows.
    page.push(sql`(${e.name}, ${e.id}) > (${name}, ${id})`);
  }
  return db
    .select()
    .from(e)
    .where(and(...page))
    .orderBy(asc(e.name), asc(e.id))
    .limit(filter.limit + 1);
}

export async function listEntities(
  actor: Principal,
  deps: Deps,
  taskId: string,
  filter: EntityFilter,
): Promise<{ entities: EntityBody[]; nextCursor: string | null; total: number }> {
  await requireTask(deps.db, actor.accountId, taskId);
  const [rows, totals] = await Promise.all([
    entityPageQuery(deps.db, actor.accountId, taskId, filter),
    deps.db
      .select({ n: count() })
      .from(protectedEntities)
      .where(and(...filterConditions(actor.accountId, taskId, filter))),
  ]);
  const pageRows = rows.slice(0, filter.limit);
  const tagMap = await tagsOf(
    deps.db,
    actor.accountId,
    pageRows.map((r) => r.id),
  );
  const last = pageRows.at(-1);
  return {
    entities: pageRows.map((r) => entityBody(r, tagMap.get(r.id) ?? [])),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.name, last.id]) : null,
    total: totals[0]?.n ?? 0,
  };
}
