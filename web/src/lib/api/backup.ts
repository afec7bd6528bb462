// Backup tasks, mailboxes, tags, progress and drill-down (issue 4).
import type {
  DailyCount,
  EntityAction,
  EntityDetail,
  EntityPage,
  EntityQuery,
  RunProgress,
  Tag,
  Task,
  TaskSettings,
} from './backup-types';
import { callJson } from './http';

const BASE = '/api/v1';

function send(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${BASE}${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export function listTasks() {
  return callJson<{ tasks: Task[] }>(send('GET', '/tasks'));
}

export function createTask(name: string) {
  return callJson<{ task: Task; consentUrl: string }>(
    send('POST', '/tasks', { service: 'exchange', name }),
  );
}

export function getTask(taskId: string) {
  return callJson<{ task: Task }>(send('GET', `/tasks/${enc(taskId)}`));
}

export type TaskPatch = Partial<Omit<TaskSettings, 'retentionDays'>> & { name?: string };

export function updateTask(taskId: string, patch: TaskPatch) {
  return callJson<{ task: Task }>(send('PATCH', `/tasks/${enc(taskId)}`, patch));
}

export function reconnectTask(taskId: string) {
  return callJson<{ consentUrl: string }>(send('POST', `/tasks/${enc(taskId)}/reconnect`));
}

export function discover(taskId: string) {
  return callJson<{ discovered: number; added: number; archived: number; activated: number }>(
    send('POST', `/tasks/${enc(taskId)}/discover`),
  );
}

export function listEntities(taskId: string, q: EntityQuery) {
  return callJson<EntityPage>(
    send(
      'GET',
      `/tasks/${enc(taskId)}/entities${query({ ...q } as Record<string, string | number>)}`,
    ),
  );
}

export function entityAction(taskId: string, action: EntityAction, entityIds: string[]) {
  return callJson<{ updated: number; runId: string | null }>(
    send('POST', `/tasks/${enc(taskId)}/entities/actions`, { action, entityIds }),
  );
}

export function tagEntities(taskId: string, entityIds: string[], add: string[], remove: string[]) {
  return callJson<{ updated: number }>(
    send('POST', `/tasks/${enc(taskId)}/entities/tags`, { entityIds, add, remove }),
  );
}

export function getProgress(taskId: string) {
  return callJson<{ runs: RunProgress[] }>(send('GET', `/tasks/${enc(taskId)}/progress`));
}

export function listTags() {
  return callJson<{ tags: Tag[] }>(send('GET', '/tags'));
}

export function createTag(name: string, limitedAccess: boolean) {
  return callJson<{ tag: Tag }>(send('POST', '/tags', { name, limitedAccess }));
}

export function deleteTag(tagId: string) {
  return callJson<undefined>(send('DELETE', `/tags/${enc(tagId)}`));
}

export function getEntity(entityId: string) {
  return callJson<EntityDetail>(send('GET', `/entities/${enc(entityId)}`));
}

export function getDaily(entityId: string, days = 30) {
  return callJson<{ days: DailyCount[] }>(
    send('GET', `/entities/${enc(entityId)}/daily${query({ days })}`),
  );
}
