import { and, desc, eq } from 'drizzle-orm';
import { catalogStub } from '../../backup/catalog-stub';
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
 * every day present (zeros included) so the chart's x axis is continuous. The mailbox's
 * EntityCatalog counts the item versions it stored each day: D1 keeps no item-level data.
 */
export async function entityDaily(
  actor: Principal,
  deps: Deps,
  env: Env,
  entityId: string,
  days: number,
): Promise<{ days: DayCount[] }> {
  await assertEntityDataAccess(actor, deps.db, entityId);
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const counts = await catalogStub(env, actor.accountId, entityId).dailyCounts(
    utcDay(today - (days - 1) * DAY_MS),
    utcDay(today),
  );
  return {
    days: counts.map((c) => ({
      day: c.day,
      total: EXCHANGE_SUB_SERVICES.reduce((sum, s) => sum + (c.bySubService[s] ?? 0), 0),
      bySubService: c.bySubService,
    })),
  };
}
