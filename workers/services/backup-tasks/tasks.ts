import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { backupTasks, protectedEntities, type BackupFrequency } from '../../db/backup-schema';
import { AppError } from '../../errors';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { startConsent } from './connect';
import { replanTask } from './coordinator';
import { emptyCounts, taskBody, type StatusCounts, type TaskBody, type TaskRow } from './present';

/** The task of the account, or 404 (another account's task is simply not found). */
export async function requireTask(db: Db, accountId: string, taskId: string): Promise<TaskRow> {
  const task = await db
    .select()
    .from(backupTasks)
    .where(and(eq(backupTasks.id, taskId), eq(backupTasks.accountId, accountId)))
    .get();
  if (!task) throw new AppError('not_found', 'Backup task not found.');
  return task;
}

async function countsByTask(
  db: Db,
  accountId: string,
  taskId?: string,
): Promise<Map<string, StatusCounts>> {
  const rows = await db
    .select({
      taskId: protectedEntities.taskId,
      status: protectedEntities.status,
      n: count(),
    })
    .from(protectedEntities)
    .where(
      and(
        eq(protectedEntities.accountId, accountId),
        taskId ? eq(protectedEntities.taskId, taskId) : undefined,
      ),
    )
    .groupBy(protectedEntities.taskId, protectedEntities.status);
  const out = new Map<string, StatusCounts>();
  for (const row of rows) {
    const counts = out.get(row.taskId) ?? emptyCounts();
    counts[row.status] = row.n;
    out.set(row.taskId, counts);
  }
  return out;
}

export async function listTasks(actor: Principal, deps: Deps): Promise<TaskBody[]> {
  const [tasks, counts] = await Promise.all([
    deps.db
      .select()
      .from(backupTasks)
      .where(eq(backupTasks.accountId, actor.accountId))
      .orderBy(asc(backupTasks.createdAt), asc(backupTasks.id)),
    countsByTask(deps.db, actor.accountId),
  ]);
  return tasks.map((t) => taskBody(t, actor.account.region, counts.get(t.id) ?? emptyCounts()));
}

export async function presentTask(actor: Principal, db: Db, task: TaskRow): Promise<TaskBody> {
  const counts = await countsByTask(db, actor.accountId, task.id);
  return taskBody(task, actor.account.region, counts.get(task.id) ?? emptyCounts());
}

export async function getTask(actor: Principal, deps: Deps, taskId: string): Promise<TaskBody> {
  return presentTask(actor, deps.db, await requireTask(deps.db, actor.accountId, taskId));
}

export async function createTask(
  actor: Principal,
  deps: Deps,
  env: Env,
  input: { service: 'exchange'; name: string },
): Promise<{ task: TaskBody; consentUrl: string }> {
  const now = new Date();
  // Settings and connection state start at the schema's defaults, stated there once.
  const task = {
    id: crypto.randomUUID(),
    accountId: actor.accountId,
    service: input.service,
    name: input.name,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.insert(backupTasks).values(task);
  const consentUrl = await startConsent(deps, env, actor.accountId, task.id);
  return { task: await getTask(actor, deps, task.id), consentUrl };
}

export interface TaskPatch {
  name?: string;
  indexForSearch?: boolean;
  autoActivate?: boolean;
  archiveRetentionDays?: number;
  frequency?: BackupFrequency;
  backupHour?: number;
}

export async function updateTask(
  actor: Principal,
  deps: Deps,
  env: Env,
  taskId: string,
  patch: TaskPatch,
): Promise<TaskBody> {
  await requireTask(deps.db, actor.accountId, taskId);
  if (Object.keys(patch).length > 0) {
    await deps.db
      .update(backupTasks)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(backupTasks.id, taskId), eq(backupTasks.accountId, actor.accountId)));
  }
  // The coordinator writes nextRunAt; read the task back after it planned.
  await replanTask(env, actor.accountId, taskId);
  return getTask(actor, deps, taskId);
}
