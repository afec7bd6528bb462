import { OpenAPIHono, z } from '@hono/zod-openapi';
import { EXCHANGE_SUB_SERVICES } from '../backup/types';
import type { AppEnv } from '../context';
import { SNAPSHOT_STATUSES } from '../db/backup-schema';
import { entityDaily, entityDetail } from '../services/entities/drill-down';
import { protectedRoute } from './define-route';
import { Entity } from './entities';
import { idParam, IsoTime } from './params';
import { errors, json } from './schemas';
import { validationHook } from './validation';

const EntityIdParam = idParam('entityId');

const SubService = z.enum(EXCHANGE_SUB_SERVICES);

const EntityDetail = z
  .object({
    entity: Entity,
    task: z.object({ id: z.string(), name: z.string(), service: z.string() }),
    subServices: z.array(
      z.object({
        subService: SubService,
        items: z.number().int(),
        lastBackupAt: IsoTime.nullable(),
        outcome: z.enum(['succeeded', 'partial', 'failed']).nullable(),
        reason: z.string().nullable(),
      }),
    ),
    snapshots: z.array(
      z.object({
        id: z.string(),
        seq: z.number().int(),
        status: z.enum(SNAPSHOT_STATUSES),
        startedAt: IsoTime,
        finishedAt: IsoTime.nullable(),
        items: z.number().int(),
        bytes: z.number().int(),
      }),
    ),
  })
  .openapi('EntityDetail');

const DailyQuery = z.object({
  days: z.coerce.number().int().min(1, 'Days is 1–30.').max(30, 'Days is 1–30.').default(30),
});

const DailyCounts = z
  .object({
    days: z.array(
      z.object({
        day: z.string().openapi({ example: '2026-11-26' }),
        total: z.number().int(),
        bySubService: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .openapi('EntityDailyCounts');

const TAGS = ['Mailboxes'];
const LIMITED =
  'A mailbox carrying a Limited Access tag answers 404 to anyone but the account’s primary user.';

export const drillDownRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(
      { requires: ['backups.view'] },
      {
        method: 'get',
        path: '/entities/{entityId}',
        tags: TAGS,
        summary: 'A mailbox: a tile per sub-service and its snapshots (newest first, ≤ 50)',
        description: LIMITED,
        request: { params: EntityIdParam },
        responses: { 200: json(EntityDetail, 'The mailbox'), ...errors(404) },
      },
    ),
    async (c) => {
      const { entityId } = c.req.valid('param');
      return c.json(await entityDetail(c.var.principal, c.var.deps, entityId), 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: ['backups.view'] },
      {
        method: 'get',
        path: '/entities/{entityId}/daily',
        tags: TAGS,
        summary: 'Items backed up per UTC day and sub-service (up to 30 days, oldest first)',
        description: LIMITED,
        request: { params: EntityIdParam, query: DailyQuery },
        responses: { 200: json(DailyCounts, 'One entry per day, zeros included'), ...errors(404) },
      },
    ),
    async (c) => {
      const { entityId } = c.req.valid('param');
      const { days } = c.req.valid('query');
      return c.json(await entityDaily(c.var.principal, c.var.deps, c.env, entityId, days), 200);
    },
  );
