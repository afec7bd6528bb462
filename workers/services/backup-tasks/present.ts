import type { backupTasks } from '../../db/backup-schema';
import { ENTITY_STATUSES, type EntityStatus } from '../../db/backup-schema';

export type TaskRow = typeof backupTasks.$inferSelect;
export type StatusCounts = Record<EntityStatus, number>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(ENTITY_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** Row → API body: settings grouped, no consent state (hash, expiry) ever leaves. */
export function taskBody(task: TaskRow, region: string, byStatus: StatusCounts) {
  return {
    id: task.id,
    service: task.service,
    name: task.name,
    connection: task.connection,
    connectionError: task.connectionError,
    tenantId: task.tenantId,
    region,
    settings: {
      indexForSearch: task.indexForSearch,
      autoActivate: task.autoActivate,
      archiveRetentionDays: task.archiveRetentionDays,
      retentionDays: task.retentionDays,
      frequency: task.frequency,
      backupHour: task.backupHour,
    },
    nextRunAt: iso(task.nextRunAt),
    lastDiscoveryAt: iso(task.lastDiscoveryAt),
    counts: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    createdAt: task.createdAt.toISOString(),
  };
}

export type TaskBody = ReturnType<typeof taskBody>;
