import { and, eq, sql } from 'drizzle-orm';
import { entityTags, tags } from '../../db/backup-schema';
import type { Db } from '../../db/client';
import type { EntityRow } from './rules';

export interface TagRef {
  id: string;
  name: string;
  limitedAccess: boolean;
}

/** `column IN (ids)` with the ids as one JSON parameter: D1 binds at most 100 parameters. */
export function inJson(column: unknown, ids: readonly string[]) {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** The tags of each of the given entities (one query for a page). */
export async function tagsOf(
  db: Db,
  accountId: string,
  entityIds: readonly string[],
): Promise<Map<string, TagRef[]>> {
  const out = new Map<string, TagRef[]>();
  if (entityIds.length === 0) return out;
  const rows = await db
    .select({
      entityId: entityTags.entityId,
      id: tags.id,
      name: tags.name,
      limitedAccess: tags.limitedAccess,
    })
    .from(entityTags)
    .innerJoin(tags, eq(tags.id, entityTags.tagId))
    .where(and(eq(entityTags.accountId, accountId), inJson(entityTags.entityId, entityIds)))
    .orderBy(tags.name);
  for (const { entityId, ...tag } of rows) {
    out.set(entityId, [...(out.get(entityId) ?? []), tag]);
  }
  return out;
}

export function entityBody(e: EntityRow, entityTagList: TagRef[]) {
  return {
    id: e.id,
    taskId: e.taskId,
    name: e.name,
    email: e.email,
    type: e.mailboxType,
    licensed: e.licensed,
    status: e.status,
    statusReason: e.statusReason,
    tags: entityTagList,
    backupBytes: e.backupBytes,
    itemCount: e.itemCount,
    lastBackupAt: e.lastBackupAt ? e.lastBackupAt.toISOString() : null,
    purgeAfter: e.purgeAfter ? e.purgeAfter.toISOString() : null,
  };
}

export type EntityBody = ReturnType<typeof entityBody>;
