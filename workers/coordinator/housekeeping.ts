/**
 * The coordinator's daily work for an account: purge entities whose deletion grace period
 * (B4) or archived-backup retention (B10) has passed. Purging crypto-shreds first (the
 * catalog, which holds the wrapped data key), then removes the stored blobs and the D1 rows.
 */
import { and, eq, lte, or } from 'drizzle-orm';
import { entityPrefix } from '../backup/types';
import { createDb } from '../db/client';
import { accounts, backupTasks, protectedEntities } from '../db/schema';
import { errorForLog } from '../log';
import { runDiscovery } from '../services/backup-tasks/discovery';
import { blobStoreForRegion } from '../storage/region-stores';
import { catalogStub } from '../backup/catalog-stub';

const DAY = 86_400_000;

export async function runHousekeeping(env: Env, accountId: string): Promise<{ purged: number }> {
  // Discovery first: a mailbox gone from Microsoft 365 is archived today, purged after its
  // retention. One task failing (e.g. consent revoked) does not stop the others.
  const db = createDb(env.DB);
  const tasks = await db
    .select({ id: backupTasks.id })
    .from(backupTasks)
    .where(and(eq(backupTasks.accountId, accountId), eq(backupTasks.connection, 'connected')));
  for (const task of tasks) {
    try {
      await runDiscovery(env, accountId, task.id);
    } catch (error) {
      console.error(
        JSON.stringify({
          event: 'housekeeping.discovery_failed',
          taskId: task.id,
          error: errorForLog(error),
        }),
      );
    }
  }
  return purgeDueEntities(env, accountId, Date.now());
}

export async function purgeDueEntities(
  env: Env,
  accountId: string,
  now: number,
): Promise<{ purged: number }> {
  const db = createDb(env.DB);
  const account = await db.query.accounts.findFirst({ where: eq(accounts.id, accountId) });
  if (!account) return { purged: 0 };
  const rows = await db
    .select({
      id: protectedEntities.id,
      status: protectedEntities.status,
      archivedAt: protectedEntities.archivedAt,
      retentionDays: backupTasks.archiveRetentionDays,
    })
    .from(protectedEntities)
    .innerJoin(backupTasks, eq(backupTasks.id, protectedEntities.taskId))
    .where(
      and(
        eq(protectedEntities.accountId, accountId),
        or(
          and(
            eq(protectedEntities.status, 'pending_deletion'),
            lte(protectedEntities.purgeAfter, new Date(now)),
          ),
          eq(protectedEntities.status, 'archived'),
        ),
      ),
    );
  const due = rows.filter(
    (r) =>
      r.status === 'pending_deletion' ||
      (r.archivedAt !== null && r.archivedAt.getTime() + r.retentionDays * DAY <= now),
  );
  const store = blobStoreForRegion(env, account.region);
  for (const entity of due) {
    const catalog = catalogStub(env, accountId, entity.id);
    await catalog.purge();
    const prefix = entityPrefix(accountId, entity.id);
    let cursor: string | undefined;
    do {
      const page = await store.list(prefix, cursor, 1000);
      if (page.keys.length > 0) await store.delete(page.keys);
      cursor = page.cursor;
    } while (cursor);
    await db
      .delete(protectedEntities)
      .where(and(eq(protectedEntities.accountId, accountId), eq(protectedEntities.id, entity.id)));
  }
  return { purged: due.length };
}
