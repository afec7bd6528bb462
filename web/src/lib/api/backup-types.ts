// Shapes of the backup API (tasks, mailboxes, tags, progress, drill-down) as the typed client
// sees them: derived from the Worker's route definitions, so the portal cannot drift.
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { api } from './client';

type V1 = typeof api.api.v1;
type TaskRoute = V1['tasks'][':taskId'];
type EntityRoute = V1['entities'][':entityId'];

export type Task = InferResponseType<V1['tasks']['$get'], 200>['tasks'][number];
export type Service = Task['service'];
export type Connection = Task['connection'];
export type TaskSettings = Task['settings'];
export type Frequency = TaskSettings['frequency'];
export type EntityStatus = keyof Task['counts']['byStatus'];

export type TaskPatch = InferRequestType<TaskRoute['$patch']>['json'];

export type EntityPage = InferResponseType<TaskRoute['entities']['$get'], 200>;
export type Entity = EntityPage['entities'][number];
export type TagRef = Entity['tags'][number];
export type EntityQuery = InferRequestType<TaskRoute['entities']['$get']>['query'];
export type EntityAction = InferRequestType<
  TaskRoute['entities']['actions']['$post']
>['json']['action'];

export type RunProgress = InferResponseType<TaskRoute['progress']['$get'], 200>['runs'][number];

export type Tag = InferResponseType<V1['tags']['$get'], 200>['tags'][number];

export type EntityDetail = InferResponseType<EntityRoute['$get'], 200>;
export type SubServiceSummary = EntityDetail['subServices'][number];
export type SubService = SubServiceSummary['subService'];
export type Snapshot = EntityDetail['snapshots'][number];

type Daily = InferResponseType<EntityRoute['daily']['$get'], 200>['days'][number];
/** One day of the drill-down chart; `bySubService` has a key per sub-service backed up. */
export interface DailyCount extends Omit<Daily, 'bySubService'> {
  bySubService: Partial<Record<SubService, number>>;
}
