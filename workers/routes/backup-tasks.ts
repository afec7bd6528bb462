import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { BACKUP_FREQUENCIES, CONNECTION_STATES, ENTITY_STATUSES } from '../db/backup-schema';
import { BACKUP_SERVICES } from '../domain/backup-values';
import { reconnectTask } from '../services/backup-tasks/connect';
import { runDiscovery } from '../services/backup-tasks/discovery';
import { taskProgress } from '../services/backup-tasks/progress';
import { createTask, getTask, listTasks, updateTask } from '../services/backup-tasks/tasks';
import { protectedRoute } from './define-route';
import { idParam, IsoTime } from './params';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './validation';

const VIEW = { requires: ['backups.view'] } as const;

export const TaskIdParam = idParam('taskId');

const TaskName = z
  .string()
  .trim()
  .min(1, 'Task name is required.')
  .max(100, 'Task name must be at most 100 characters.');

export const Task = z
  .object({
    id: z.string(),
    service: z.enum(BACKUP_SERVICES),
    name: z.string(),
    connection: z.enum(CONNECTION_STATES),
    connectionError: z.string().nullable(),
    tenantId: z.string().nullable(),
    region: z.string(),
    settings: z.object({
      indexForSearch: z.boolean(),
      autoActivate: z.boolean(),
      archiveRetentionDays: z.number().int(),
      retentionDays: z.number().int().nullable(),
      frequency: z.enum(BACKUP_FREQUENCIES),
      backupHour: z.number().int(),
    }),
    nextRunAt: IsoTime.nullable(),
    lastDiscoveryAt: IsoTime.nullable(),
    counts: z.object({
      total: z.number().int(),
      byStatus: z.object(
        Object.fromEntries(ENTITY_STATUSES.map((s) => [s, z.number().int()])) as Record<
          (typeof ENTITY_STATUSES)[number],
          z.ZodNumber
        >,
      ),
    }),
    createdAt: IsoTime,
  })
  .openapi('BackupTask');

const CreateTaskRequest = z
  .object({ service: z.literal('exchange'), name: TaskName })
  .openapi('CreateBackupTaskRequest');

const UpdateTaskRequest = z
  .object({
    name: TaskName.optional(),
    indexForSearch: z.boolean().optional(),
    autoActivate: z.boolean().optional(),
    archiveRetentionDays: z
      .number()
      .int('Whole days only.')
      .min(1, 'Keep archived backups 1 to 3650 days.')
      .max(3650, 'Keep archived backups 1 to 3650 days.')
      .optional(),
    frequency: z.enum(BACKUP_FREQUENCIES).optional(),
    backupHour: z
      .number()
      .int('The backup hour is a whole hour (UTC).')
      .min(0, 'The backup hour is 0–23 (UTC).')
      .max(23, 'The backup hour is 0–23 (UTC).')
      .optional(),
  })
  .strict()
  .openapi('UpdateBackupTaskRequest');

const ConsentUrl = z
  .string()
  .openapi({ description: 'Open in the browser: Microsoft admin consent' });

const RunProgress = z
  .object({
    runId: z.string(),
    taskId: z.string(),
    trigger: z.enum(['schedule', 'manual']),
    startedAt: IsoTime,
    entitiesTotal: z.number().int(),
    entitiesDone: z.number().int(),
    partsTotal: z.number().int(),
    partsDone: z.number().int(),
    items: z.number().int(),
    bytes: z.number().int(),
    percent: z.number(),
    etaSeconds: z.number().nullable(),
    entitiesInProcess: z.array(z.string()),
  })
  .openapi('RunProgress');

const TAGS = ['Backup tasks'];

export const backupTaskRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(VIEW, {
      method: 'get',
      path: '/tasks',
      tags: TAGS,
      summary: 'The account’s backup tasks with counts by status',
      responses: { 200: json(z.object({ tasks: z.array(Task) }), 'Tasks, oldest first') },
    }),
    async (c) => c.json({ tasks: await listTasks(c.var.principal, c.var.deps) }, 200),
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.activate'] },
      {
        method: 'post',
        path: '/tasks',
        tags: TAGS,
        summary: 'Create a backup task and start the Microsoft admin consent',
        description:
          'The task starts `pending`; open `consentUrl` in the browser. Microsoft returns to `/api/v1/connect/callback`, which connects the task and redirects to the portal.',
        request: { body: jsonBody(CreateTaskRequest) },
        responses: {
          201: json(z.object({ task: Task, consentUrl: ConsentUrl }), 'Task created'),
        },
      },
    ),
    async (c) => {
      const created = await createTask(c.var.principal, c.var.deps, c.env, c.req.valid('json'));
      return c.json(created, 201);
    },
  )
  .openapi(
    protectedRoute(VIEW, {
      method: 'get',
      path: '/tasks/{taskId}',
      tags: TAGS,
      summary: 'One backup task',
      request: { params: TaskIdParam },
      responses: { 200: json(z.object({ task: Task }), 'The task'), ...errors(404) },
    }),
    async (c) => {
      const task = await getTask(c.var.principal, c.var.deps, c.req.valid('param').taskId);
      return c.json({ task }, 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.modify'] },
      {
        method: 'patch',
        path: '/tasks/{taskId}',
        tags: TAGS,
        summary: 'Change a task’s settings (re-plans its schedule)',
        request: { params: TaskIdParam, body: jsonBody(UpdateTaskRequest) },
        responses: { 200: json(z.object({ task: Task }), 'The updated task'), ...errors(404) },
      },
    ),
    async (c) => {
      const task = await updateTask(
        c.var.principal,
        c.var.deps,
        c.env,
        c.req.valid('param').taskId,
        c.req.valid('json'),
      );
      return c.json({ task }, 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.activate'] },
      {
        method: 'post',
        path: '/tasks/{taskId}/reconnect',
        tags: TAGS,
        summary: 'A fresh Microsoft admin consent URL (re-authenticate)',
        request: { params: TaskIdParam },
        responses: {
          200: json(z.object({ consentUrl: ConsentUrl }), 'Consent URL'),
          ...errors(404),
        },
      },
    ),
    async (c) => {
      const consentUrl = await reconnectTask(
        c.var.principal,
        c.var.deps,
        c.env,
        c.req.valid('param').taskId,
      );
      return c.json({ consentUrl }, 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.modify'] },
      {
        method: 'post',
        path: '/tasks/{taskId}/discover',
        tags: TAGS,
        summary: 'Refresh the mailbox list from Microsoft 365 now',
        description: '400 `task_not_connected` until the task is connected.',
        request: { params: TaskIdParam },
        responses: {
          200: json(
            z.object({
              discovered: z.number().int(),
              added: z.number().int(),
              archived: z.number().int(),
              activated: z.number().int(),
            }),
            'Discovery outcome',
          ),
          ...errors(404),
        },
      },
    ),
    async (c) => {
      const { taskId } = c.req.valid('param');
      // runDiscovery answers 404 itself for a task that is not the account's.
      return c.json(await runDiscovery(c.env, c.var.principal.accountId, taskId), 200);
    },
  )
  .openapi(
    protectedRoute(VIEW, {
      method: 'get',
      path: '/tasks/{taskId}/progress',
      tags: TAGS,
      summary: 'Runs of the task in progress, with percent and ETA',
      request: { params: TaskIdParam },
      responses: { 200: json(z.object({ runs: z.array(RunProgress) }), 'Runs'), ...errors(404) },
    }),
    async (c) => {
      const { taskId } = c.req.valid('param');
      const runs = await taskProgress(c.var.principal, c.var.deps, c.env, taskId);
      return c.json({ runs }, 200);
    },
  );
