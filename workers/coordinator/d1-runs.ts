/**
 * The D1 side of runs: what the portal lists (run rows, snapshot rows, entity status, size and
 * last backup, system activity). The coordinator calls these at the edges of its state
 * machine; every statement is scoped by account.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import {
  backupRuns,
  backupTasks,
  protectedEntities,
  snapshots,
  systemActivity,
  type EntityStatus,
  type SnapshotStatus,
  type SubServiceOutcome,
} from '../db/schema';
import { SUB_SERVICE_LABELS, type SubService } from '../backup/types';
import { activatableSql } from '../services/entities/rules';

/**
 * Entities a run may include: activated (not paused, archived or being deleted) and with a
 * mailbox to back up — licensed users, shared mailboxes and the PublicFoldersAccount.
 */
export const BACKUP_ELIGIBLE: EntityStatus[] = ['scheduled', 'success', 'partial', 'failed'];

export type TaskRow = typeof backupTasks.$inferSelect;
export type EntityRow = typeof protectedEntities.$inferSelect;

export async function loadTask(db: Db, accountId: string, taskId: string) {
  return db.query.backupTasks.findFirst({
    where: and(eq(backupTasks.accountId, accountId), eq(backupTasks.id, taskId)),
  });
}

export async function eligibleEntities(
  db: Db,
  accountId: string,
  taskId: string,
  entityIds?: string[],
): Promise<EntityRow[]> {
  const where = [
    eq(protectedEntities.accountId, accountId),
    eq(protectedEntities.taskId, taskId),
    activatableSql,
    inArray(protectedEntities.status, BACKUP_ELIGIBLE),
  ];
  if (entityIds) {
    if (entityIds.length === 0) return [];
    const rows: EntityRow[] = [];
    // D1 binds at most 100 parameters per statement.
    for (let i = 0; i < entityIds.length; i += 90) {
      const ids = entityIds.slice(i, i + 90);
      rows.push(
        ...(await db
          .select()
          .from(protectedEntities)
          .where(and(...where, inArray(protectedEntities.id, ids)))),
      );
    }
    return rows;
  }
  return db
    .select()
    .from(protectedEntities)
    .where(and(...where));
}

export interface RunStart {
  accountId: string;
  taskId: string;
  runId: string;
  trigger: 'schedule' | 'manual';
  initiator: string | null;
  startedAt: Date;
  entities: Array<{ id: string; seq: number }>;
}

/** One D1 batch: the run, a snapshot row per entity (in process), entities in process. */
export async function recordRunStart(db: Db, run: RunStart): Promise<void> {
  const { accountId, taskId, runId, startedAt } = run;
  const statements: BatchItem<'sqlite'>[] = [
    db.insert(backupRuns).values({
      id: runId,
      accountId,
      taskId,
      trigger: run.trigger,
      initiator: run.initiator,
      status: 'running',
      entitiesTotal: run.entities.length,
      startedAt,
    }),
    ...run.entities.map((e) =>
      db.insert(snapshots).values({
        id: crypto.randomUUID(),
        accountId,
        taskId,
        entityId: e.id,
        runId,
        seq: e.seq,
        status: 'in_process',
        startedAt,
      }),
    ),
  ];
  for (let i = 0; i < run.entities.length; i += 90) {
    const ids = run.entities.slice(i, i + 90).map((e) => e.id);
    statements.push(
      db
        .update(protectedEntities)
        .set({ status: 'in_process', updatedAt: startedAt })
        .where(and(eq(protectedEntities.accountId, accountId), inArray(protectedEntities.id, ids))),
    );
  }
  await runBatch(db, statements);
}

export interface EntityFinish {
  accountId: string;
  taskId: string;
  taskName: string;
  runId: string;
  entityId: string;
  seq: number;
  outcomes: Partial<Record<SubService, SubServiceOutcome & { executionMs: number }>>;
  /** Catalog totals after the run. */
  totals: { items: number; storedBytes: number };
  cancelled: boolean;
  finishedAt: Date;
}

export function snapshotStatus(
  outcomes: EntityFinish['outcomes'],
  cancelled: boolean,
): SnapshotStatus {
  if (cancelled) return 'cancelled';
  const all = Object.values(outcomes);
  if (all.length === 0) return 'failed';
  if (all.every((o) => o.outcome === 'succeeded')) return 'succeeded';
  if (all.every((o) => o.outcome === 'failed')) return 'failed';
  return 'partial';
}

export async function recordEntityFinish(db: Db, f: EntityFinish): Promise<SnapshotStatus> {
  const status = snapshotStatus(f.outcomes, f.cancelled);
  const entries = Object.entries(f.outcomes) as Array<
    [SubService, SubServiceOutcome & { executionMs: number }]
  >;
  const reasons = entries
    .filter(([, o]) => o.outcome !== 'succeeded' && o.reason)
    .map(([s, o]) => `${SUB_SERVICE_LABELS[s]}: ${o.reason}`);
  const entity = await db.query.protectedEntities.findFirst({
    where: and(eq(protectedEntities.accountId, f.accountId), eq(protectedEntities.id, f.entityId)),
  });
  const items = entries.reduce((n, [, o]) => n + o.items, 0);
  const bytes = entries.reduce((n, [, o]) => n + o.bytes, 0);
  const entityStatus: EntityStatus =
    status === 'succeeded'
      ? 'success'
      : status === 'cancelled'
        ? entity?.lastBackupAt
          ? 'success'
          : 'scheduled'
        : status;
  const subServices = Object.fromEntries(
    entries.map(([s, o]) => {
      const { executionMs: _ms, ...rest } = o;
      return [s, rest];
    }),
  );
  const statements: BatchItem<'sqlite'>[] = [
    db
      .update(snapshots)
      .set({
        status,
        reason: reasons.length > 0 ? reasons.join('; ') : null,
        items,
        bytes,
        subServices,
        finishedAt: f.finishedAt,
      })
      .where(
        and(
          eq(snapshots.accountId, f.accountId),
          eq(snapshots.entityId, f.entityId),
          eq(snapshots.seq, f.seq),
        ),
      ),
    db
      .update(protectedEntities)
      .set({
        // An entity paused or deleted while its run was in flight keeps that decision.
        status: sql`CASE WHEN ${protectedEntities.status} = 'in_process' THEN ${entityStatus} ELSE ${protectedEntities.status} END`,
        statusReason: reasons.length > 0 ? reasons.join('; ') : null,
        ...(status === 'cancelled'
          ? {}
          : {
              lastBackupAt: f.finishedAt,
              lastSeq: f.seq,
              itemCount: f.totals.items,
              backupBytes: f.totals.storedBytes,
            }),
        updatedAt: f.finishedAt,
      })
      .where(
        and(eq(protectedEntities.accountId, f.accountId), eq(protectedEntities.id, f.entityId)),
      ),
    ...entries.map(([s, o]) =>
      db.insert(systemActivity).values({
        id: crypto.randomUUID(),
        accountId: f.accountId,
        taskId: f.taskId,
        taskName: f.taskName,
        entityId: f.entityId,
        runId: f.runId,
        activity: 'backup',
        service: 'exchange',
        subService: s,
        status: o.outcome,
        item: entity?.email ?? null,
        executionMs: o.executionMs,
        dataBytes: o.storedBytes,
        records: o.items,
        description: describeOutcome(s, o, entity?.email ?? f.entityId, o.executionMs),
        createdAt: f.finishedAt,
      }),
    ),
  ];
  await runBatch(db, statements);
  return status;
}

/** e.g. "Contacts completed (bob@example.com, 51 items, 63 KB delta, 0 min)". */
export function describeOutcome(
  subService: SubService,
  o: SubServiceOutcome,
  who: string,
  executionMs: number,
): string {
  const verb =
    o.outcome === 'succeeded'
      ? 'completed'
      : o.outcome === 'partial'
        ? 'partially completed'
        : 'failed';
  const minutes = Math.round(executionMs / 60_000);
  const base = `${SUB_SERVICE_LABELS[subService]} ${verb} (${who}, ${o.items} items, ${formatBytes(o.storedBytes)} delta, ${minutes} min)`;
  return o.reason ? `${base}: ${o.reason}` : base;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export async function recordRunFinish(
  db: Db,
  accountId: string,
  runId: string,
  status: 'succeeded' | 'partial' | 'failed' | 'cancelled',
  counters: { entitiesDone: number; items: number; bytes: number },
): Promise<void> {
  await db
    .update(backupRuns)
    .set({ status, ...counters, finishedAt: new Date() })
    .where(and(eq(backupRuns.accountId, accountId), eq(backupRuns.id, runId)));
}

export async function recordRunProgress(
  db: Db,
  accountId: string,
  runId: string,
  counters: { entitiesDone: number; items: number; bytes: number },
): Promise<void> {
  await db
    .update(backupRuns)
    .set(counters)
    .where(and(eq(backupRuns.accountId, accountId), eq(backupRuns.id, runId)));
}

export async function setNextRunAt(
  db: Db,
  accountId: string,
  taskId: string,
  nextRunAt: number | null,
): Promise<void> {
  await db
    .update(backupTasks)
    .set({ nextRunAt: nextRunAt === null ? null : new Date(nextRunAt) })
    .where(and(eq(backupTasks.accountId, accountId), eq(backupTasks.id, taskId)));
}

async function runBatch(db: Db, statements: BatchItem<'sqlite'>[]): Promise<void> {
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
