/**
 * The TenantCoordinator's own SQLite tables: schedules, runs and their parts (one per entity
 * and sub-service). D1 mirrors what the portal lists; this is the state machine's truth, so
 * every transition is one synchronous SQLite statement or transaction.
 */
import type { BackupFrequency, SubServiceOutcome } from '../db/backup-schema';
import type { SubService } from '../backup/types';

const SCHEMA_VERSION = 1;

export function migrate(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const row = sql.exec(`SELECT value FROM meta WHERE key = 'schema'`).toArray()[0];
  if (row && Number(row.value) >= SCHEMA_VERSION) return;
  sql.exec(`
    CREATE TABLE IF NOT EXISTS schedules (
      task_id TEXT PRIMARY KEY,
      frequency TEXT NOT NULL,
      hour INTEGER NOT NULL,
      anchor_day INTEGER NOT NULL,
      next_due INTEGER NOT NULL,
      failures INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS runs (
      run_id TEXT PRIMARY KEY,
      task_id TEXT NOT NULL,
      trigger TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      status TEXT NOT NULL,
      entities_total INTEGER NOT NULL,
      entities_done INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS runs_status ON runs (status, task_id);
    CREATE TABLE IF NOT EXISTS parts (
      run_id TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      sub_service TEXT NOT NULL,
      ord INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      state TEXT NOT NULL,
      planned INTEGER NOT NULL DEFAULT 0,
      items INTEGER NOT NULL DEFAULT 0,
      bytes INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      outcome TEXT,
      queued_at INTEGER,
      -- last sign of life of the part's consumer (a slice starting or committing a page)
      beat_at INTEGER,
      PRIMARY KEY (run_id, entity_id, sub_service)
    );
    CREATE INDEX IF NOT EXISTS parts_state ON parts (state, run_id, entity_id, ord);
    CREATE TABLE IF NOT EXISTS run_entities (
      run_id TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      state TEXT NOT NULL,
      PRIMARY KEY (run_id, entity_id)
    );
    CREATE TABLE IF NOT EXISTS entity_seq (entity_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS housekeeping (name TEXT PRIMARY KEY, next_due INTEGER NOT NULL);
  `);
  sql.exec(
    `INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    String(SCHEMA_VERSION),
  );
}

export type PartState = 'pending' | 'queued' | 'done' | 'cancelled';

export interface PartRow {
  runId: string;
  entityId: string;
  subService: SubService;
  seq: number;
  state: PartState;
  planned: boolean;
  items: number;
  bytes: number;
  lastError: string | null;
  outcome: SubServiceOutcome | null;
}

export interface RunRow {
  runId: string;
  taskId: string;
  trigger: 'schedule' | 'manual';
  startedAt: number;
  status: 'running' | 'finished' | 'cancelled';
  entitiesTotal: number;
  entitiesDone: number;
}

export interface ScheduleRow {
  taskId: string;
  frequency: BackupFrequency;
  hour: number;
  anchorDay: number;
  nextDue: number;
  failures: number;
}

type Row = Record<string, SqlStorageValue>;

export function toPart(r: Row): PartRow {
  return {
    runId: String(r.run_id),
    entityId: String(r.entity_id),
    subService: String(r.sub_service) as SubService,
    seq: Number(r.seq),
    state: String(r.state) as PartState,
    planned: Number(r.planned) === 1,
    items: Number(r.items),
    bytes: Number(r.bytes),
    lastError: r.last_error === null ? null : String(r.last_error),
    outcome: r.outcome === null ? null : (JSON.parse(String(r.outcome)) as SubServiceOutcome),
  };
}

export function toRun(r: Row): RunRow {
  return {
    runId: String(r.run_id),
    taskId: String(r.task_id),
    trigger: String(r.trigger) as RunRow['trigger'],
    startedAt: Number(r.started_at),
    status: String(r.status) as RunRow['status'],
    entitiesTotal: Number(r.entities_total),
    entitiesDone: Number(r.entities_done),
  };
}

export function toSchedule(r: Row): ScheduleRow {
  return {
    taskId: String(r.task_id),
    frequency: String(r.frequency) as BackupFrequency,
    hour: Number(r.hour),
    anchorDay: Number(r.anchor_day),
    nextDue: Number(r.next_due),
    failures: Number(r.failures),
  };
}
