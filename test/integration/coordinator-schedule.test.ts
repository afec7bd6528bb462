import {
  createExecutionContext,
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../workers/index';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { epochDay, nextDueAfter } from '../../workers/coordinator/schedule';
import {
  BACKUP_FREQUENCIES,
  backupRuns,
  backupTasks,
  protectedEntities,
  snapshots,
} from '../../workers/db/schema';
import type { TenantCoordinator } from '../../workers/durable/tenant-coordinator';
import {
  addFault,
  backupNow,
  connectedTask,
  coordinator,
  licensedUsers,
  removeFault,
  runFinished,
  sim,
  startBackup,
  type BackupFixture,
  type SimUser,
} from './support/engine';
import { db } from './support/fixtures';

/**
 * The TenantCoordinator's schedules (B2): one alarm, armed at the earliest due time of every
 * task, for each frequency and hour; a due alarm starts a scheduled run; a failing start is
 * retried with backoff and never loses the schedule; a running backup can be cancelled.
 * Mailboxes used: licensed users 7 and 10.
 */

let users: SimUser[];
beforeAll(async () => {
  users = await licensedUsers();
});

async function setSchedule(
  f: BackupFixture,
  frequency: (typeof BACKUP_FREQUENCIES)[number],
  hour: number,
) {
  await db
    .update(backupTasks)
    .set({ frequency, backupHour: hour })
    .where(and(eq(backupTasks.accountId, f.user.accountId), eq(backupTasks.id, f.taskId)));
}

/** Makes the task due now, as if its hour had come (the coordinator's own table). */
async function makeDue(f: BackupFixture) {
  const stub = coordinator(f.user.accountId);
  await runInDurableObject(stub, (_instance: TenantCoordinator, state) => {
    state.storage.sql.exec(
      `UPDATE schedules SET next_due = ? WHERE task_id = ?`,
      Date.now() - 1000,
      f.taskId,
    );
  });
}

describe('schedules', () => {
  it('arms the alarm at the next slot of every frequency and hour, and records it on the task', async () => {
    const f = await connectedTask([]);
    const task = await db.query.backupTasks.findFirst({ where: eq(backupTasks.id, f.taskId) });
    const anchorDay = epochDay(task!.createdAt.getTime());
    for (const frequency of BACKUP_FREQUENCIES) {
      for (const hour of [0, 7, 23]) {
        await setSchedule(f, frequency, hour);
        const before = Date.now();
        const { nextRunAt } = await coordinator(f.user.accountId).planTask(
          f.user.accountId,
          f.taskId,
        );
        const expected = nextDueAfter({ frequency, hour, anchorDay }, before);
        // Planning takes a moment; the slot is the same unless an hour boundary passed.
        expect([expected, nextDueAfter({ frequency, hour, anchorDay }, Date.now())]).toContain(
          nextRunAt,
        );
        // One alarm for everything: the earliest of this slot and the daily housekeeping.
        const alarm = await coordinator(f.user.accountId).nextAlarm(f.user.accountId);
        expect(alarm).toBeGreaterThan(before);
        expect(alarm).toBeLessThanOrEqual(nextRunAt!);
        const row = await db.query.backupTasks.findFirst({ where: eq(backupTasks.id, f.taskId) });
        expect(row?.nextRunAt?.getTime()).toBe(nextRunAt);
      }
    }
  });

  it('the alarm starts a scheduled run when due, then re-arms at the next slot', async () => {
    const f = await connectedTask([users[7]!]);
    await setSchedule(f, 'three_times_daily', 5);
    await coordinator(f.user.accountId).planTask(f.user.accountId, f.taskId);
    await makeDue(f);
    expect(await runDurableObjectAlarm(coordinator(f.user.accountId))).toBe(true);
    const run = await db.query.backupRuns.findFirst({
      where: and(eq(backupRuns.accountId, f.user.accountId), eq(backupRuns.taskId, f.taskId)),
    });
    expect(run?.trigger).toBe('schedule');
    // The task's next slot moved on; while the run is in flight the alarm also watches it.
    const task = await db.query.backupTasks.findFirst({ where: eq(backupTasks.id, f.taskId) });
    const nextSlot = task!.nextRunAt!.getTime();
    expect(nextSlot).toBeGreaterThan(Date.now());
    expect(new Date(nextSlot).getUTCHours() % 8).toBe(5 % 8);
    const watching = await coordinator(f.user.accountId).nextAlarm(f.user.accountId);
    expect(watching).toBeGreaterThan(Date.now());
    expect(watching).toBeLessThanOrEqual(nextSlot);
    const { snapshots: snaps } = await runFinished(f, run!.id);
    expect(snaps[0]?.status).toBe('succeeded');
    // Once the run is over the alarm is back at the schedule's own time.
    expect(await coordinator(f.user.accountId).nextAlarm(f.user.accountId)).toBe(nextSlot);
  });

  it('a run that fails to start is retried with backoff; the schedule survives', async () => {
    const f = await connectedTask([users[7]!]);
    const entity = f.entities[0]!;
    await coordinator(f.user.accountId).planTask(f.user.accountId, f.taskId);
    // A snapshot row already holding the sequence number the coordinator will allocate makes
    // the run's D1 batch fail (unique entity+seq): the start throws inside the alarm.
    const blockerRun = crypto.randomUUID();
    await db.insert(backupRuns).values({
      id: blockerRun,
      accountId: f.user.accountId,
      taskId: f.taskId,
      trigger: 'manual',
      status: 'failed',
      entitiesTotal: 1,
      startedAt: new Date(),
    });
    await db.insert(snapshots).values({
      id: crypto.randomUUID(),
      accountId: f.user.accountId,
      taskId: f.taskId,
      entityId: entity.id,
      runId: blockerRun,
      seq: 1,
      status: 'failed',
      startedAt: new Date(),
    });
    await makeDue(f);
    const before = Date.now();
    await runDurableObjectAlarm(coordinator(f.user.accountId));
    const retryAt = await coordinator(f.user.accountId).nextAlarm(f.user.accountId);
    // Backoff: a minute, not the next daily slot, and not lost.
    expect(retryAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 60_000);
    const runs = await db
      .select()
      .from(backupRuns)
      .where(and(eq(backupRuns.accountId, f.user.accountId), eq(backupRuns.taskId, f.taskId)));
    expect(runs.map((r) => r.id)).toEqual([blockerRun]);

    // Once the cause is gone the retry starts the run (with the next sequence number).
    await makeDue(f);
    await runDurableObjectAlarm(coordinator(f.user.accountId));
    const started = await db.query.backupRuns.findFirst({
      where: and(eq(backupRuns.accountId, f.user.accountId), eq(backupRuns.trigger, 'schedule')),
    });
    expect(started).toBeDefined();
    const { snapshots: snaps } = await runFinished(f, started!.id);
    expect(snaps[0]?.seq).toBe(2);
    expect(snaps[0]?.status).toBe('succeeded');
  });

  it('refuses calls for another account', async () => {
    const f = await connectedTask([]);
    const other = await connectedTask([]);
    await coordinator(f.user.accountId).planTask(f.user.accountId, f.taskId);
    // Caught inside the object: a rejection crossing RPC is reported as unhandled by the pool.
    const refusal = await runInDurableObject(
      coordinator(f.user.accountId),
      async (instance: TenantCoordinator) => {
        try {
          await instance.progress(other.user.accountId);
          return 'answered';
        } catch (error) {
          return (error as Error).message;
        }
      },
    );
    expect(refusal).toMatch(/another account/);
  });

  it('the cron sweep wakes a coordinator whose alarm was lost', async () => {
    const f = await connectedTask([users[7]!]);
    await coordinator(f.user.accountId).planTask(f.user.accountId, f.taskId);
    await makeDue(f);
    // The alarm is gone (as after a reset) and the task's next run is long past.
    await runInDurableObject(
      coordinator(f.user.accountId),
      async (_i: TenantCoordinator, state) => {
        await state.storage.deleteAlarm();
      },
    );
    await db
      .update(backupTasks)
      .set({ nextRunAt: new Date(Date.now() - 3_600_000) })
      .where(eq(backupTasks.id, f.taskId));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/5 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const run = await db.query.backupRuns.findFirst({
      where: and(eq(backupRuns.accountId, f.user.accountId), eq(backupRuns.trigger, 'schedule')),
    });
    expect(run).toBeDefined();
    expect(await coordinator(f.user.accountId).nextAlarm(f.user.accountId)).toBeGreaterThan(
      Date.now(),
    );
    await runFinished(f, run!.id);
  });

  it('cancels a running backup: its parts stop and its snapshot says cancelled', async () => {
    const f = await connectedTask([users[10]!]);
    const entity = f.entities[0]!;
    // Hold the mailbox's MIME downloads so the run is certainly in flight when cancelled.
    const hold = await addFault({
      kind: 'hold',
      path: `${entity.simUser.id}/messages/[^/]+/\\$value`,
    });
    const runId = await startBackup(f);
    await vi.waitFor(
      async () => {
        if ((await sim<{ holding: number }>(`/_sim/faults/${hold}`)).holding === 0) {
          throw new Error('no download held yet');
        }
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(await coordinator(f.user.accountId).cancelRun(f.user.accountId, runId)).toBe(true);
    expect(await coordinator(f.user.accountId).progress(f.user.accountId, f.taskId)).toEqual([]);
    await sim(`/_sim/faults/${hold}/release`, { body: {} });
    await removeFault(hold);
    const { run, snapshots: snaps } = await runFinished(f, runId);
    expect(run.status).toBe('cancelled');
    expect(snaps[0]!.status).toBe('cancelled');
    const row = await db.query.protectedEntities.findFirst({
      where: eq(protectedEntities.id, entity.id),
    });
    expect(row?.status).toBe('scheduled');
    expect(row?.lastBackupAt).toBeNull();
    // A new run can start for the mailbox at once.
    const next = await backupNow(f);
    expect(next.snapshots[0]!.status).toBe('succeeded');
  });
});
