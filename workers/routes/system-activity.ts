import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { listSystemActivity } from '../services/system-activity';
import { protectedRoute } from './define-route';
import { IsoTime, PageLimit, ResourceId } from './params';
import { json } from './schemas';
import { validationHook } from './validation';

const Query = z.object({
  taskId: ResourceId.optional(),
  entityId: ResourceId.optional(),
  cursor: z.string().max(500).optional(),
  limit: PageLimit,
});

const ActivityRow = z
  .object({
    id: z.string(),
    activity: z.string().openapi({ example: 'backup' }),
    createdAt: IsoTime,
    service: z.string(),
    subService: z.string().nullable(),
    status: z.enum(['succeeded', 'partial', 'failed', 'info']),
    taskId: z.string().nullable(),
    taskName: z.string().nullable(),
    entityId: z.string().nullable(),
    item: z.string().nullable(),
    executionMs: z.number().int().nullable(),
    dataBytes: z.number().int().nullable(),
    records: z.number().int().nullable(),
    description: z.string(),
  })
  .openapi('SystemActivity');

export const systemActivityRoutes = new OpenAPIHono<AppEnv>({
  defaultHook: validationHook,
}).openapi(
  protectedRoute(
    { requires: ['backups.view'] },
    {
      method: 'get',
      path: '/system-activity',
      tags: ['System activity'],
      summary: 'What backups, discovery and connections did, newest first',
      request: { query: Query },
      responses: {
        200: json(
          z.object({ rows: z.array(ActivityRow), nextCursor: z.string().nullable() }),
          'One page of activity',
        ),
      },
    },
  ),
  async (c) =>
    c.json(await listSystemActivity(c.var.principal, c.var.deps, c.req.valid('query')), 200),
);
