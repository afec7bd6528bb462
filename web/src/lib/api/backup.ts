// Backup tasks, mailboxes, tags, progress and drill-down (issue 4), through the typed client.
import type { DailyCount, EntityAction, EntityQuery, TaskPatch } from './backup-types';
import { api } from './client';
import { call } from './http';

const v1 = api.api.v1;
const byId = v1.tasks[':taskId'];

export function listTasks() {
  return call(v1.tasks.$get());
}

export function createTask(name: string) {
  return call(v1.tasks.$post({ json: { service: 'exchange', name } }));
}

export function getTask(taskId: string) {
  return call(byId.$get({ param: { taskId } }));
}

export function updateTask(taskId: string, patch: TaskPatch) {
  return call(byId.$patch({ param: { taskId }, json: patch }));
}

export function reconnectTask(taskId: string) {
  return call(byId.reconnect.$post({ param: { taskId } }));
}

export function discover(taskId: string) {
  return call(byId.discover.$post({ param: { taskId } }));
}

/** Empty filters are left out of the query rather than sent as "". */
export function listEntities(taskId: string, q: Partial<EntityQuery>) {
  const query = Object.fromEntries(
    Object.entries(q).filter(([, v]) => v !== undefined && v !== ''),
  ) as EntityQuery;
  return call(byId.entities.$get({ param: { taskId }, query }));
}

export function entityAction(taskId: string, action: EntityAction, entityIds: string[]) {
  return call(byId.entities.actions.$post({ param: { taskId }, json: { action, entityIds } }));
}

export function tagEntities(taskId: string, entityIds: string[], add: string[], remove: string[]) {
  return call(byId.entities.tags.$post({ param: { taskId }, json: { entityIds, add, remove } }));
}

export function getProgress(taskId: string) {
  return call(byId.progress.$get({ param: { taskId } }));
}

export function listTags() {
  return call(v1.tags.$get());
}

export function createTag(name: string, limitedAccess: boolean) {
  return call(v1.tags.$post({ json: { name, limitedAccess } }));
}

export function deleteTag(tagId: string) {
  return call(v1.tags[':tagId'].$delete({ param: { tagId } }));
}

export function getEntity(entityId: string) {
  return call(v1.entities[':entityId'].$get({ param: { entityId } }));
}

export async function getDaily(entityId: string, days = 30): Promise<{ days: DailyCount[] }> {
  return call(
    v1.entities[':entityId'].daily.$get({ param: { entityId }, query: { days: String(days) } }),
  );
}
