import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { ENTITY_STATUSES, MAILBOX_TYPES } from '../db/backup-schema';
import { ENTITY_ACTION_PERMISSION, ENTITY_ACTIONS } from '../domain/backup-values';
import { applyEntityAction, applyEntityTags } from '../services/entities/actions';
import { listEntities } from '../services/entities/list';
import { TaskIdParam } from './backup-tasks';
import { protectedRoute } from './define-route';
import { IsoTime, PageLimit, ResourceId } from './params';
import { errors, json, jsonBody } from './schemas';
import { validationHook } from './validation';

export const TagRef = z
  .object({ id: z.string(), name: z.string(), limitedAccess: z.boolean() })
  .openapi('TagRef');

export const Entity = z
  .object({
    id: z.string(),
    taskId: z.string(),
    name: z.string(),
    email: z.string(),
    type: z.enum(MAILBOX_TYPES),
    licensed: z.boolean().openapi({ description: 'Microsoft 365 licensed (Exchange)' }),
    status: z.enum(ENTITY_STATUSES),
    statusReason: z.string().nullable(),
    tags: z.array(TagRef),
    backupBytes: z.number().int(),
    itemCount: z.number().int(),
    lastBackupAt: IsoTime.nullable(),
    purgeAfter: IsoTime.nullable(),
  })
  .openapi('ProtectedEntity');

const EntityIds = z
  .array(ResourceId)
  .min(1, 'Select at least one mailbox.')
  .max(1000, 'Select at most 1,000 mailboxes at a time.');

const ListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.enum(ENTITY_STATUSES).optional(),
  licensing: z.enum(['licensed', 'unlicensed']).optional(),
  tag: ResourceId.optional(),
  cursor: z.string().max(1000).optional(),
  limit: PageLimit,
});

const ActionRequest = z
  .object({ action: z.enum(ENTITY_ACTIONS), entityIds: EntityIds })
  .openapi('EntityActionRequest');

const TagsRequest = z
  .object({
    entityIds: EntityIds,
    add: z.array(ResourceId).max(50).default([]),
    remove: z.array(ResourceId).max(50).default([]),
  })
  .openapi('EntityTagsRequest');

const TAGS = ['Mailboxes'];

export const entityRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(
      { requires: ['backups.view'] },
      {
        method: 'get',
        path: '/tasks/{taskId}/entities',
        tags: TAGS,
        summary: 'Mailboxes of a task: search, filters, keyset paging by name',
        description:
          '`search` matches a part of the name or email. Pass `nextCursor` back as `cursor` for the next page; `total` counts every match.',
        request: { params: TaskIdParam, query: ListQuery },
        responses: {
          200: json(
            z.object({
              entities: z.array(Entity),
              nextCursor: z.string().nullable(),
              total: z.number().int(),
            }),
            'One page of mailboxes, by name',
          ),
          ...errors(404),
        },
      },
    ),
    async (c) => {
      const { taskId } = c.req.valid('param');
      const body = await listEntities(c.var.principal, c.var.deps, taskId, c.req.valid('query'));
      return c.json(body, 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.view'] },
      {
        method: 'post',
        path: '/tasks/{taskId}/entities/actions',
        tags: TAGS,
        summary: 'Activate, pause, back up now, delete or cancel deletion of mailboxes',
        description:
          'Needs the permission of the action: activate → `backups.exchange.activate`, pause → `backups.exchange.pause`, backup_now → `backups.exchange.execute`, delete and cancel_delete → `backups.exchange.delete`. Unlicensed mailboxes cannot be activated (400 `entity_not_activatable`). Delete keeps the data 7 days (`purgeAfter`).',
        request: { params: TaskIdParam, body: jsonBody(ActionRequest) },
        responses: {
          200: json(
            z.object({ updated: z.number().int(), runId: z.string().nullable() }),
            'Mailboxes changed; the run started by backup_now',
          ),
          ...errors(404),
        },
      },
    ),
    async (c) => {
      const { action, entityIds } = c.req.valid('json');
      const { taskId } = c.req.valid('param');
      // The route admits readers; each action then needs its own permission.
      if (!c.var.principal.permissions.includes(ENTITY_ACTION_PERMISSION[action])) {
        throw new AppError('forbidden');
      }
      const result = await applyEntityAction(
        c.var.principal,
        c.var.deps,
        c.env,
        taskId,
        action,
        entityIds,
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.exchange.modify'] },
      {
        method: 'post',
        path: '/tasks/{taskId}/entities/tags',
        tags: TAGS,
        summary: 'Add and remove tags on mailboxes',
        request: { params: TaskIdParam, body: jsonBody(TagsRequest) },
        responses: { 200: json(z.object({ updated: z.number().int() }), 'Tagged'), ...errors(404) },
      },
    ),
    async (c) => {
      const { taskId } = c.req.valid('param');
      const result = await applyEntityTags(
        c.var.principal,
        c.var.deps,
        taskId,
        c.req.valid('json'),
      );
      return c.json(result, 200);
    },
  );
