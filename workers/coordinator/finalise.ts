/**
 * Closing an entity's part of a run: gather the sub-service outcomes the consumers reported,
 * read the catalog's totals, and write the snapshot row, the entity's status/size/last backup
 * and one system-activity row per sub-service to D1.
 */
import { and, eq } from 'drizzle-orm';
import type { SubService, SubServiceOutcome } from '../backup/types';
import type { Db } from '../db/client';
import { snapshots } from '../db/schema';
import { loadTask, recordEntityFinish } from './d1-runs';
import type { RunBook } from './run-book';
import type { RunRow } from './state';
import { catalogStub } from '../backup/catalog-stub';

export type TimedOutcome = SubServiceOutcome & { executionMs: number };

export async function finaliseEntity(
  env: Env,
  db: Db,
  accountId: string,
  run: RunRow,
  entityId: string,
  seq: number,
  runs: RunBook,
  cancelled: boolean,
): Promise<void> {
  const outcomes: Partial<Record<SubService, TimedOutcome>> = {};
  for (const part of runs.partsOf(run.runId, entityId)) {
    if (part.outcome) {
      const o = part.outcome as TimedOutcome;
      outcomes[part.subService] = { ...o, executionMs: o.executionMs ?? 0 };
    }
  }
  const catalog = catalogStub(env, accountId, entityId);
  const stats = await catalog.stats();
  const task = await loadTask(db, accountId, run.taskId);
  await recordEntityFinish(db, {
    accountId,
    taskId: run.taskId,
    taskName: task?.name ?? '',
    runId: run.runId,
    entityId,
    seq,
    outcomes,
    totals: { items: stats.items, storedBytes: stats.storedBytes },
    cancelled,
    finishedAt: new Date(),
  });
}

export async function runOutcomeFromSnapshots(
  db: Db,
  accountId: string,
  runId: string,
): Promise<'succeeded' | 'partial' | 'failed' | 'cancelled'> {
  const rows = await db
    .select({ status: snapshots.status })
    .from(snapshots)
    .where(and(eq(snapshots.accountId, accountId), eq(snapshots.runId, runId)));
  if (rows.length === 0) return 'failed';
  if (rows.every((r) => r.status === 'succeeded')) return 'succeeded';
  if (rows.every((r) => r.status === 'failed')) return 'failed';
  if (rows.every((r) => r.status === 'cancelled')) return 'cancelled';
  return 'partial';
}
