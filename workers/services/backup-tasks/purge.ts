import { and, eq, lte, or, sql } from 'drizzle-orm';
import { backupTasks, protectedEntities } from '../../db/backup-schema';
import type { Db } from '../../db/client';
import { DAY_MS } from '../entities/rules';

export interface PurgeDue {
  accountId: string;
  taskId: string;
  entityId: string;
  why: 'archived' | 'deleted';
}

/**
 * Entities whose data is due for purge: archived longer than their task's
 * archiveRetentionDays (B10), or deleted and past their 7-day grace (B4).
 */
export async function entitiesDueForPurge(
  db: Db,
  now = new Date(),
  limit = 500,
): Promise<PurgeDue[]> {
  const rows = await db
    .select({
      accountId: protectedEntities.accountId,
      taskId: protectedEntities.taskId,
      entityId: protectedEntities.id,
      status: protectedEntities.status,
    })
    .from(protectedEntities)
    .innerJoin(backupTasks, eq(backupTasks.id, protectedEntities.taskId))
    .where(
      or(
        and(
          eq(protectedEntities.status, 'archived'),
          sql`${protectedEntities.archivedAt} + ${backupTasks.archiveRetentionDays} * ${DAY_MS} <= ${now.getTime()}`,
        ),
        and(
          eq(protectedEntities.status, 'pending_deletion'),
          lte(protectedEntities.purgeAfter, now),
        ),
      ),
    )
    .limit(limit);
  return rows.map((r) => ({
    accountId: r.accountId,
    taskId: r.taskId,
    entityId: r.entityId,
    why: r.status === 'archived' ? 'archived' : 'deleted',
  }));
}
