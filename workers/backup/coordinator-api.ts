/**
 * What the rest of the Worker may ask of an account's TenantCoordinator (DESIGN §1): it owns
 * time (schedules) and concurrency (runs, parts in flight). Every call names the account:
 * the coordinator is named by account id and refuses calls for another account.
 */

export interface StartRunInput {
  taskId: string;
  /** Entities to back up; omitted = every active entity of the task (scheduled runs). */
  entityIds?: string[];
  trigger: 'schedule' | 'manual';
  /** Who asked ("Backup now"): a user's email, or null for the scheduler. */
  initiator?: string | null;
}

export type StartRunResult =
  | { runId: string; entities: number }
  | { runId: null; reason: 'nothing_to_back_up' | 'already_running' };

export interface RunProgress {
  runId: string;
  taskId: string;
  trigger: 'schedule' | 'manual';
  startedAt: number;
  entitiesTotal: number;
  entitiesDone: number;
  partsTotal: number;
  partsDone: number;
  items: number;
  bytes: number;
  /** 0–100, from finished parts and the items of parts in flight. */
  percent: number;
  /** Seconds to completion at the rate so far; null until it can be estimated. */
  etaSeconds: number | null;
  /** Entities of the run still in process. */
  entitiesInProcess: string[];
}

export interface CoordinatorApi {
  startRun(accountId: string, input: StartRunInput): Promise<StartRunResult>;
  /** Re-plans a task's schedule after its settings or activation changed. */
  planTask(accountId: string, taskId: string): Promise<{ nextRunAt: number | null }>;
  /** Forgets a task's schedule (task removed). */
  unplanTask(accountId: string, taskId: string): Promise<void>;
  cancelRun(accountId: string, runId: string): Promise<boolean>;
  progress(accountId: string, taskId?: string): Promise<RunProgress[]>;
}
