import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  BACKUP_FREQUENCIES,
  BACKUP_SERVICES,
  CONNECTION_STATES,
  ENTITY_STATUSES,
  MAILBOX_TYPES,
} from '../domain/backup-values';
import { accounts } from './schema';

/**
 * Backup configuration and outcomes (features B1–B4, B7, B10, C5, F1): what the portal lists
 * and filters. Item-level data lives in the EntityCatalog Durable Objects, never here.
 */

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date());

const accountId = () =>
  text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

export {
  BACKUP_FREQUENCIES,
  CONNECTION_STATES,
  ENTITY_STATUSES,
  MAILBOX_TYPES,
  type BackupFrequency,
  type ConnectionState,
  type EntityStatus,
} from '../domain/backup-values';

/** A backup task: one Microsoft 365 service of one tenant, with its schedule and settings. */
export const backupTasks = sqliteTable(
  'backup_tasks',
  {
    id: text('id').primaryKey(),
    accountId: accountId(),
    service: text('service', { enum: BACKUP_SERVICES }).notNull(),
    name: text('name').notNull(),
    /** Entra tenant id, known once admin consent came back. */
    tenantId: text('tenant_id'),
    connection: text('connection', { enum: CONNECTION_STATES }).notNull().default('pending'),
    /** Why the task is disconnected (Entra's answer, never a secret). */
    connectionError: text('connection_error'),
    connectedAt: integer('connected_at', { mode: 'timestamp_ms' }),
    /** SHA-256 of the OAuth `state` of the consent round trip in progress. */
    consentStateHash: text('consent_state_hash'),
    consentStateExpiresAt: integer('consent_state_expires_at', { mode: 'timestamp_ms' }),
    indexForSearch: integer('index_for_search', { mode: 'boolean' }).notNull().default(true),
    autoActivate: integer('auto_activate', { mode: 'boolean' }).notNull().default(false),
    /** Days archived entities' backups are kept (B10). */
    archiveRetentionDays: integer('archive_retention_days').notNull().default(90),
    /** Set by operators; shown read-only. Null means unlimited. */
    retentionDays: integer('retention_days'),
    frequency: text('frequency', { enum: BACKUP_FREQUENCIES }).notNull().default('daily'),
    /** UTC hour 0–23 of the first run of the day. */
    backupHour: integer('backup_hour').notNull().default(1),
    lastDiscoveryAt: integer('last_discovery_at', { mode: 'timestamp_ms' }),
    nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('backup_tasks_account_idx').on(t.accountId, t.service)],
);

/** A protected entity of a task: for Exchange, a mailbox. */
export const protectedEntities = sqliteTable(
  'protected_entities',
  {
    id: text('id').primaryKey(),
    accountId: accountId(),
    taskId: text('task_id')
      .notNull()
      .references(() => backupTasks.id, { onDelete: 'cascade' }),
    /** Graph id of the user (mailbox owner). */
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    /** Lower-cased primary SMTP address (or URL for sites). */
    email: text('email').notNull(),
    mailboxType: text('mailbox_type', { enum: MAILBOX_TYPES }).notNull().default('user'),
    licensed: integer('licensed', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: ENTITY_STATUSES }).notNull().default('not_active'),
    /** Status to return to when a pending deletion is cancelled. */
    statusBeforeDeletion: text('status_before_deletion', { enum: ENTITY_STATUSES }),
    statusReason: text('status_reason'),
    backupBytes: integer('backup_bytes').notNull().default(0),
    itemCount: integer('item_count').notNull().default(0),
    lastBackupAt: integer('last_backup_at', { mode: 'timestamp_ms' }),
    /** Snapshot sequence number of the last finished run (EntityCatalog `seq`). */
    lastSeq: integer('last_seq').notNull().default(0),
    activatedAt: integer('activated_at', { mode: 'timestamp_ms' }),
    /** Seen missing from Microsoft 365 (B10): archived, purged after the task's retention. */
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    /** Delete requested: data purged after this time unless cancelled (B4, 7-day grace). */
    purgeAfter: integer('purge_after', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('entities_task_external_uq').on(t.taskId, t.externalId),
    // (name, id) ends both list indexes: the mailbox list pages by that key (keyset paging).
    index('entities_list_idx').on(t.accountId, t.taskId, t.name, t.id),
    index('entities_status_idx').on(t.accountId, t.taskId, t.status, t.name, t.id),
    index('entities_email_idx').on(t.accountId, t.taskId, t.email),
  ],
);

/** Account tags (B7). `limitedAccess` restricts tagged entities' data to the primary user. */
export const tags = sqliteTable(
  'tags',
  {
    id: text('id').primaryKey(),
    accountId: accountId(),
    name: text('name').notNull(),
    limitedAccess: integer('limited_access', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_account_name_uq').on(t.accountId, t.name)],
);

export const entityTags = sqliteTable(
  'entity_tags',
  {
    accountId: accountId(),
    entityId: text('entity_id')
      .notNull()
      .references(() => protectedEntities.id, { onDelete: 'cascade' }),
    tagId: text('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.entityId, t.tagId] }),
    index('entity_tags_tag_idx').on(t.accountId, t.tagId),
  ],
);

export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One run of a task (scheduled or "Backup now"), over one or more entities. */
export const backupRuns = sqliteTable(
  'backup_runs',
  {
    id: text('id').primaryKey(),
    accountId: accountId(),
    taskId: text('task_id')
      .notNull()
      .references(() => backupTasks.id, { onDelete: 'cascade' }),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    initiator: text('initiator'),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('running'),
    entitiesTotal: integer('entities_total').notNull(),
    entitiesDone: integer('entities_done').notNull().default(0),
    items: integer('items').notNull().default(0),
    bytes: integer('bytes').notNull().default(0),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('backup_runs_task_idx').on(t.accountId, t.taskId, t.startedAt)],
);

export const SNAPSHOT_STATUSES = [
  'in_process',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

/** What one run did to one sub-service's snapshot, as the EntityCatalog counts it. */
export interface RunCounts {
  /** Items in the snapshot. */
  items: number;
  added: number;
  changed: number;
  deleted: number;
  /** Plaintext bytes of the snapshot. */
  bytes: number;
  /** Store bytes added by this run. */
  storedBytes: number;
}

/** An item that could not be backed up, and why. */
export interface FailedItem {
  graphId: string;
  reason: string;
}

export interface SubServiceOutcome extends RunCounts {
  outcome: 'succeeded' | 'partial' | 'failed';
  reason?: string;
  /** Items that could not be backed up, capped. */
  failedItems?: FailedItem[];
  /** Wall-clock time the sub-service took in this run. */
  executionMs?: number;
}

/** One row per entity per run (C5): the snapshot `seq` of that entity's catalog. */
export const snapshots = sqliteTable(
  'snapshots',
  {
    id: text('id').primaryKey(),
    accountId: accountId(),
    taskId: text('task_id')
      .notNull()
      .references(() => backupTasks.id, { onDelete: 'cascade' }),
    entityId: text('entity_id')
      .notNull()
      .references(() => protectedEntities.id, { onDelete: 'cascade' }),
    runId: text('run_id')
      .notNull()
      .references(() => backupRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    status: text('status', { enum: SNAPSHOT_STATUSES }).notNull().default('in_process'),
    reason: text('reason'),
    items: integer('items').notNull().default(0),
    bytes: integer('bytes').notNull().default(0),
    subServices: text('sub_services', { mode: 'json' })
      .$type<Record<string, SubServiceOutcome>>()
      .notNull()
      .default({}),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('snapshots_entity_seq_uq').on(t.entityId, t.seq),
    index('snapshots_run_idx').on(t.accountId, t.runId),
    index('snapshots_entity_idx').on(t.accountId, t.entityId, t.startedAt),
  ],
);

/** System activity (F1): one row per entity and sub-service of a run, and per task event. */
export const systemActivity = sqliteTable(
  'system_activity',
  {
    id: text('id').primaryKey(),
    accountId: accountId(),
    taskId: text('task_id'),
    taskName: text('task_name'),
    entityId: text('entity_id'),
    runId: text('run_id'),
    /** e.g. "backup", "discovery", "connect" */
    activity: text('activity').notNull(),
    service: text('service').notNull(),
    subService: text('sub_service'),
    status: text('status', { enum: ['succeeded', 'partial', 'failed', 'info'] }).notNull(),
    /** The entity concerned, e.g. a mailbox address. */
    item: text('item'),
    executionMs: integer('execution_ms'),
    dataBytes: integer('data_bytes'),
    records: integer('records'),
    description: text('description').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('system_activity_account_idx').on(t.accountId, t.createdAt),
    index('system_activity_entity_idx').on(t.accountId, t.entityId, t.createdAt),
  ],
);
