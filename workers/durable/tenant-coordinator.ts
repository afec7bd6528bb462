import { DurableObject } from 'cloudflare:workers';
import type {
  CoordinatorApi,
  RunProgress,
  StartRunInput,
  StartRunResult,
} from '../backup/coordinator-api';
import { BackupPartMessage, type SubServiceOutcome } from '../backup/types';
import { createDb } from '../db/client';
import { errorForLog } from '../log';
import {
  eligibleEntities,
  loadTask,
  recordRunFinish,
  recordRunProgress,
  recordRunStart,
  setNextRunAt,
} from '../coordinator/d1-runs';
import { finaliseEntity, runOutcomeFromSnapshots } from '../coordinator/finalise';
import { runHousekeeping } from '../coordinator/housekeeping';
import { RunBook, type PartKey } from '../coordinator/run-book';
import type { PartRow } from '../coordinator/state';
import { epochDay } from '../coordinator/schedule';
import { ScheduleBook } from '../coordinator/schedule-book';
import { migrate } from '../coordinator/state';

const DAY = 86_400_000;
/** A part whose consumer has been silent this long is sent again (slices last ~20 s). */
const SILENT_MS = 10 * 60_000;
/** While runs are in flight the alarm also comes back this often to look for silent parts. */
const WATCH_MS = 5 * 60_000;

/**
 * One per account (named by accountId): owns schedules, runs and their parts, and how much
 * Graph work of the tenant is in flight (DESIGN §1). The alarm is always re-armed to the
 * earliest due time before anything that can throw runs, so a failing handler never loses a
 * schedule. Every method names the account and is refused for another one.
 */
export class TenantCoordinator extends DurableObject<Env> implements CoordinatorApi {
  private readonly runs: RunBook;
  private readonly schedules: ScheduleBook;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.runs = new RunBook(ctx.storage.sql);
    this.schedules = new ScheduleBook(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql));
  }

  async startRun(accountId: string, input: StartRunInput): Promise<StartRunResult> {
    this.bindAccount(accountId);
    const db = createDb(this.env.DB);
    const task = await loadTask(db, accountId, input.taskId);
    if (!task) throw new Error('task not found for this account');
    const busy = this.runs.entitiesInFlight(task.id);
    const candidates = (await eligibleEntities(db, accountId, task.id, input.entityIds)).filter(
      (e) => !busy.has(e.id),
    );
    if (candidates.length === 0) {
      return {
        runId: null,
        reason: busy.size > 0 && input.entityIds ? 'already_running' : 'nothing_to_back_up',
      };
    }
    const seqs = this.runs.allocateSeqs(
      candidates.map((e) => e.id),
      new Map(candidates.map((e) => [e.id, e.lastSeq])),
    );
    const runId = crypto.randomUUID();
    const startedAt = Date.now();
    const entities = candidates.map((e) => ({ id: e.id, seq: seqs.get(e.id)! }));
    // D1 first: if it fails nothing is running yet and the caller (or the alarm's backoff)
    // tries again; the sequence numbers it consumed are simply skipped.
    await recordRunStart(db, {
      accountId,
      taskId: task.id,
      runId,
      trigger: input.trigger,
      initiator: input.initiator ?? null,
      startedAt: new Date(startedAt),
      entities,
    });
    this.runs.createRun(
      { runId, taskId: task.id, trigger: input.trigger, startedAt, entitiesTotal: entities.length },
      entities,
    );
    await this.dispatch(accountId);
    await this.arm();
    return { runId, entities: entities.length };
  }

  async planTask(accountId: string, taskId: string): Promise<{ nextRunAt: number | null }> {
    this.bindAccount(accountId);
    const db = createDb(this.env.DB);
    const task = await loadTask(db, accountId, taskId);
    if (!task) {
      this.schedules.remove(taskId);
      await this.arm();
      return { nextRunAt: null };
    }
    const now = Date.now();
    const nextRunAt = this.schedules.upsert(
      taskId,
      {
        frequency: task.frequency,
        hour: task.backupHour,
        anchorDay: epochDay(task.createdAt.getTime()),
      },
      now,
    );
    if (this.schedules.housekeepingDue('daily', now))
      this.schedules.setHousekeeping('daily', now + DAY);
    await this.arm();
    await setNextRunAt(db, accountId, taskId, nextRunAt);
    return { nextRunAt };
  }

  async unplanTask(accountId: string, taskId: string): Promise<void> {
    this.bindAccount(accountId);
    this.schedules.remove(taskId);
    for (const run of this.runs.runningRuns(taskId)) await this.cancelRun(accountId, run.runId);
    await this.arm();
  }

  async cancelRun(accountId: string, runId: string): Promise<boolean> {
    this.bindAccount(accountId);
    const run = this.runs.run(runId);
    const open = this.runs.cancel(runId);
    if (!run || open.length === 0) return false;
    const db = createDb(this.env.DB);
    for (const e of open) {
      await finaliseEntity(this.env, db, accountId, run, e.entityId, e.seq, this.runs, true);
    }
    const totals = this.runs.runTotals(runId);
    await recordRunFinish(db, accountId, runId, 'cancelled', {
      entitiesDone: run.entitiesTotal,
      items: totals.items,
      bytes: totals.bytes,
    });
    await this.dispatch(accountId);
    return true;
  }

  async progress(accountId: string, taskId?: string): Promise<RunProgress[]> {
    this.bindAccount(accountId);
    const now = Date.now();
    return this.runs.runningRuns(taskId).map((run) => {
      const t = this.runs.runTotals(run.runId);
      const fraction = t.partsTotal === 0 ? 0 : t.partsDone / t.partsTotal;
      const elapsed = (now - run.startedAt) / 1000;
      return {
        runId: run.runId,
        taskId: run.taskId,
        trigger: run.trigger,
        startedAt: run.startedAt,
        entitiesTotal: run.entitiesTotal,
        entitiesDone: run.entitiesDone,
        partsTotal: t.partsTotal,
        partsDone: t.partsDone,
        items: t.items,
        bytes: t.bytes,
        percent: Math.floor(fraction * 100),
        etaSeconds: fraction >= 0.02 ? Math.round((elapsed * (1 - fraction)) / fraction) : null,
        entitiesInProcess: this.runs.openEntities(run.runId),
      };
    });
  }

  /** Asked by the consumer before each slice: is this part still wanted, and planned yet? */
  async partStatus(
    accountId: string,
    key: PartKey,
  ): Promise<{ active: boolean; planned: boolean; startedAt: number | null }> {
    this.bindAccount(accountId);
    const part = this.runs.part(key);
    if (part?.state === 'queued') this.runs.touch(key, Date.now());
    return {
      active: part?.state === 'queued',
      planned: part?.planned ?? false,
      startedAt: part?.queuedAt ?? null,
    };
  }

  async partPlanned(accountId: string, key: PartKey): Promise<void> {
    this.bindAccount(accountId);
    this.runs.markPlanned(key);
    this.runs.touch(key, Date.now());
  }

  async partProgress(accountId: string, key: PartKey, items: number, bytes: number): Promise<void> {
    this.bindAccount(accountId);
    this.runs.addProgress(key, items, bytes);
    this.runs.touch(key, Date.now());
  }

  async partError(accountId: string, key: PartKey, message: string): Promise<void> {
    this.bindAccount(accountId);
    this.runs.noteError(key, message);
  }

  /** Last error recorded for a part (the dead-letter consumer names it in the outcome). */
  async partLastError(accountId: string, key: PartKey): Promise<string | null> {
    this.bindAccount(accountId);
    return this.runs.part(key)?.lastError ?? null;
  }

  async partFinished(accountId: string, key: PartKey, outcome: SubServiceOutcome): Promise<void> {
    this.bindAccount(accountId);
    const finished = this.runs.finishPart(key, outcome);
    const db = createDb(this.env.DB);
    const run = this.runs.run(key.runId);
    if (finished && run) {
      await finaliseEntity(
        this.env,
        db,
        accountId,
        run,
        key.entityId,
        finished.seq,
        this.runs,
        false,
      );
      const totals = this.runs.runTotals(run.runId);
      const after = this.runs.run(run.runId)!;
      const counters = {
        entitiesDone: after.entitiesDone,
        items: totals.items,
        bytes: totals.bytes,
      };
      if (this.runs.claimRunFinish(run.runId)) {
        await this.arm();
        await recordRunFinish(
          db,
          accountId,
          run.runId,
          await runOutcomeFromSnapshots(db, accountId, run.runId),
          counters,
        );
      } else {
        await recordRunProgress(db, accountId, run.runId, counters);
      }
    }
    await this.dispatch(accountId);
  }

  override async alarm(): Promise<void> {
    const accountId = this.accountId();
    if (!accountId) return;
    const now = Date.now();
    const due = this.schedules.due(now);
    // Advance (or back off) every due schedule and re-arm before any work that can throw.
    const starts = due.map((s) => ({ s, next: this.schedules.advance(s, now) }));
    const housekeeping = this.schedules.housekeepingDue('daily', now);
    if (housekeeping) this.schedules.setHousekeeping('daily', now + DAY);
    await this.arm();
    const db = createDb(this.env.DB);
    for (const { s, next } of starts) {
      try {
        await this.startRun(accountId, { taskId: s.taskId, trigger: 'schedule' });
        await setNextRunAt(db, accountId, s.taskId, next);
      } catch (error) {
        const retryAt = this.schedules.backoff(s, now);
        console.error(
          JSON.stringify({
            event: 'coordinator.scheduled_run_failed',
            taskId: s.taskId,
            retryAt,
            error: errorForLog(error),
          }),
        );
        await this.arm();
      }
    }
    try {
      await this.resendSilentParts(accountId);
    } catch (error) {
      console.error(
        JSON.stringify({ event: 'coordinator.resend_failed', error: errorForLog(error) }),
      );
    }
    if (housekeeping) {
      try {
        await runHousekeeping(this.env, accountId);
      } catch (error) {
        console.error(
          JSON.stringify({ event: 'coordinator.housekeeping_failed', error: errorForLog(error) }),
        );
      }
    }
  }

  /** Runs due work now (the cron sweep calls this when an alarm looks lost). */
  async wake(accountId: string): Promise<void> {
    this.bindAccount(accountId);
    await this.alarm();
  }

  /** Sends again the parts whose consumer went silent; returns how many. */
  async resendSilentParts(accountId: string): Promise<number> {
    this.bindAccount(accountId);
    const silent = this.runs.reclaimSilent(Date.now(), SILENT_MS);
    if (silent.length === 0) return 0;
    console.warn(JSON.stringify({ event: 'coordinator.parts_resent', count: silent.length }));
    await this.env.BACKUP_QUEUE.sendBatch(
      silent.map((p) => ({ body: this.partMessage(accountId, p) })),
    );
    return silent.length;
  }

  /** The next armed alarm (tests and the cron sweep). */
  async nextAlarm(accountId: string): Promise<number | null> {
    this.bindAccount(accountId);
    return this.ctx.storage.getAlarm();
  }

  private async dispatch(accountId: string): Promise<void> {
    const max = Number(this.env.BACKUP_MAX_PARTS_PER_TENANT) || 8;
    const claimed = this.runs.claim(max, Date.now());
    if (claimed.length === 0) return;
    const messages = claimed.map((p) => ({ body: this.partMessage(accountId, p) }));
    try {
      await this.env.BACKUP_QUEUE.sendBatch(messages);
    } catch (error) {
      this.runs.unclaim(claimed);
      throw error;
    }
  }

  private partMessage(accountId: string, p: PartRow): BackupPartMessage {
    return BackupPartMessage.parse({
      v: 1,
      kind: 'backup.part',
      accountId,
      taskId: this.runs.run(p.runId)!.taskId,
      runId: p.runId,
      entityId: p.entityId,
      subService: p.subService,
      seq: p.seq,
    });
  }

  private async arm(): Promise<void> {
    const scheduled = this.schedules.earliest();
    const watching = this.runs.runningRuns().length > 0 ? Date.now() + WATCH_MS : null;
    const candidates = [scheduled, watching].filter((t): t is number => t !== null);
    const earliest = candidates.length > 0 ? Math.min(...candidates) : null;
    if (earliest === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(earliest, Date.now() + 1));
  }

  private accountId(): string | null {
    const row = this.ctx.storage.sql
      .exec(`SELECT value FROM meta WHERE key = 'account'`)
      .toArray()[0];
    return row ? String(row.value) : null;
  }

  private bindAccount(accountId: string): void {
    const bound = this.accountId();
    if (bound === null) {
      this.ctx.storage.sql.exec(`INSERT INTO meta (key, value) VALUES ('account', ?)`, accountId);
    } else if (bound !== accountId) {
      throw new Error('coordinator belongs to another account');
    }
  }
}
