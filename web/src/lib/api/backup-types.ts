// Shapes of the backup API (tasks, mailboxes, tags, progress, drill-down), as in the
// issue-4 API contract. Once the Worker's routes exist these follow the typed client.

export type Service = 'exchange' | 'onedrive' | 'sharepoint' | 'teams';
export type Connection = 'pending' | 'connected' | 'disconnected';
export type Frequency = 'daily' | 'every_3_days' | 'weekly' | 'three_times_daily';

export type EntityStatus =
  | 'not_active'
  | 'scheduled'
  | 'in_process'
  | 'success'
  | 'partial'
  | 'failed'
  | 'paused'
  | 'archived'
  | 'pending_deletion';

export interface TaskSettings {
  indexForSearch: boolean;
  autoActivate: boolean;
  archiveRetentionDays: number;
  retentionDays: number | null;
  frequency: Frequency;
  backupHour: number;
}

export interface Task {
  id: string;
  service: 'exchange';
  name: string;
  connection: Connection;
  connectionError: string | null;
  tenantId: string | null;
  region: string;
  settings: TaskSettings;
  nextRunAt: string | null;
  lastDiscoveryAt: string | null;
  counts: { total: number; byStatus: Record<EntityStatus, number> };
  createdAt: string;
}

export interface TagRef {
  id: string;
  name: string;
  limitedAccess: boolean;
}

export interface Tag extends TagRef {
  entityCount: number;
}

export interface Entity {
  id: string;
  taskId: string;
  name: string;
  email: string;
  type: 'user' | 'shared' | 'public_folders';
  licensed: boolean;
  status: EntityStatus;
  statusReason: string | null;
  tags: TagRef[];
  backupBytes: number;
  itemCount: number;
  lastBackupAt: string | null;
  purgeAfter: string | null;
}

export interface EntityPage {
  entities: Entity[];
  nextCursor: string | null;
  total: number;
}

export interface EntityQuery {
  search?: string;
  status?: EntityStatus | '';
  licensing?: 'licensed' | 'unlicensed' | '';
  tag?: string;
  cursor?: string;
  limit?: number;
}

export type EntityAction = 'activate' | 'pause' | 'backup_now' | 'delete' | 'cancel_delete';

export interface RunProgress {
  runId: string;
  taskId: string;
  trigger: 'schedule' | 'manual';
  startedAt: string | number;
  entitiesTotal: number;
  entitiesDone: number;
  partsTotal: number;
  partsDone: number;
  items: number;
  bytes: number;
  percent: number;
  etaSeconds: number | null;
  entitiesInProcess: string[];
}

export type SubService = 'mail' | 'contacts' | 'calendar' | 'tasks' | 'notes';

export interface SubServiceSummary {
  subService: SubService;
  items: number;
  lastBackupAt: string | null;
  outcome: 'succeeded' | 'partial' | 'failed' | null;
  reason: string | null;
}

export interface Snapshot {
  id: string;
  seq: number;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  items: number;
  bytes: number;
}

export interface EntityDetail {
  entity: Entity;
  task: { id: string; name: string; service: string };
  subServices: SubServiceSummary[];
  snapshots: Snapshot[];
}

export interface DailyCount {
  day: string;
  total: number;
  bySubService: Partial<Record<SubService, number>>;
}
