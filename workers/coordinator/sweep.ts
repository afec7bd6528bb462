/**
 * The cron's safety net for schedules: a task whose next run is well past due means its
 * coordinator's alarm did not fire (e.g. the object was reset by a deploy). Waking the
 * coordinator runs whatever is due and re-arms its alarm.
 */
import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { createDb } from '../db/client';
import { backupTasks } from '../db/schema';
import { errorForLog } from '../log';
import { coordinatorStub } from '../backup/coordinator-stub';

const GRACE_MS = 10 * 60_000;

export async function wakeOverdueCoordinators(env: Env, now = Date.now()): Promise<number> {
  const db = createDb(env.DB);
  const overdue = await db
    .selectDistinct({ accountId: backupTasks.accountId })
    .from(backupTasks)
    .where(
      and(
        eq(backupTasks.connection, 'connected'),
        isNotNull(backupTasks.nextRunAt),
        lt(backupTasks.nextRunAt, new Date(now - GRACE_MS)),
      ),
    )
    .limit(500);
  for (const { accountId } of overdue) {
    try {
      await coordinatorStub(env, accountId).wake(accountId);
    } catch (error) {
      console.error(
        JSON.stringify({ event: 'cron.wake_failed', accountId, error: errorForLog(error) }),
      );
    }
  }
  return overdue.length;
}
