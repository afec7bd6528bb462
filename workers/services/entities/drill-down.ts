import { and, desc, eq, gte } from 'drizzle-orm';
import { EXCHANGE_SUB_SERVICES, type SubService } from '../../backup/types';
import { backupTasks, snapshots, type SubServiceOutcome } from '../../db/backup-schema';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { assertEntityDataAccess } from './access';
import { entityBody, tagsOf } from './present';
import { DAY_MS } from './rules';

/** Drill-down of one mailbox (C10): a tile per sub-service and the snapshots list. */

const SNAPSHOT_LIMIT = 50;

export async function entityDetail(actor: Principal, deps: Deps, entityId: string) {
  const entity = await assertEntityDataAccess(actor, deps.db, entityId);
  const [task, rows, tagMap] = await Promise.all([
    deps.db
      .select({ id: backupTasks.id, name: backupTasks.name, service: backupTasks.service })
      .from(backupTasks)
      .where(and(eq(backupTasks.id, entity.taskId), eq(backupTasks.accountId, actor.accountId)))
      .get(),
    deps.db
      .select()
      .from(snapshots)
      .where(and(eq(snapshots.accountId, actor.accountId), eq(snapshots.entityId, entityId)))
      .orderBy(desc(snapshots.startedAt), desc(snapshots.seq))
      .limit(SNAPSHOT_LIMIT),
    tagsOf(deps.db, actor.accountId, [entityId]),
  ]);
  // Each tile shows the newest finished snapshot that backed that sub-service up.
  const subServices = EXCHANGE_SUB_SERVICES.map((subService) => {
    const latest = rows.find((s) => s.finishedAt && s.subServices[subService]);
    const outcome: SubServiceOutcome | undefined = latest?.subServices[subService];
    return {
      subService,
      items: outcome?.items ?? 0,
      lastBackupAt: latest?.finishedAt ? latest.finishedAt.toISOString() : null,
      outcome: outcome?.outcome ?? null,
      reason: outcome?.reason ?? null,
    };
  });
  return {
    entity: entityBody(entity, tagMap.get(entityId) ?? []),
    task: task ?? { id: entity.taskId, name: '', service: 'exchange' as const },
    subServices,
    snapshots: rows.map((s) => ({
      id: s.id,
      seq: s.seq,
      status: s.status,
      startedAt: s.startedAt.toISOString(),
      finishedAt: s.finishedAt ? s.finishedAt.toISOString() : null,
      items: s.items,
      bytes: s.bytes,
    })),
  };
}

export interface DayCount {
  day: string;
  total: number;
  bySubService: Record<SubService, number>;
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Items backed up per UTC day and sub-service over the last `days` days, oldest first,
 * every day present (zeros included) so the chart's x axis is continuous. Counted from
 * the snapshots' per-sub-service `added` + `changed` (items each run stored), by the day
 * the run finished.
 */
export async function entityDaily(actor: Principal, deps: Deps, entityId: string, days: number) {
  await assertEntityDataAccess(actor, deps.db, entityId);
  const today = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate(),
  );
  const from = today - (days - 1) * DAY_MS;
  const out = new Map<string, DayCount>();
  for (let t = from; t <= today; t += DAY_MS) {
    const bySubService = Object.fromEntries(EXCHANGE_SUB_SERVICES.map((s) => [s, 0])) as Record<
      SubService,
      number
    >;
    out.set(utcDay(t), { day: utcDay(t), total: 0, bySubService });
  }
  const rows = await deps.db
    .select({ finishedAt: snapshots.finishedAt, subServices: snapshots.subServices })
    .from(snapshots)
    .where(
      and(
        eq(snapshots.accountId, actor.accountId),
        eq(snapshots.entityId, entityId),
        gte(snapshots.startedAt, new Date(from - DAY_MS)),
      ),
    );
  for (const row of rows) {
    if (!row.finishedAt) continue;
    const bucket = out.get(utcDay(row.finishedAt.getTime()));
    if (!bucket) continue;
    for (const subService of EXCHANGE_SUB_SERVICES) {
      const o = row.subServices[subService];
      if (!o) continue;
      const n = (o.added ?? 0) + (o.changed ?? 0);
      bucket.bySubService[subService] += n;
      bucket.total += n;
    }
  }
  return { days: [...out.values()] };
}
