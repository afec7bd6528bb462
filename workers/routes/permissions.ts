import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import {
  ACCOUNT_OPERATIONS,
  BACKUP_TASK_OPERATIONS,
  PERMISSION_CATALOG,
  SERVICES,
} from '../domain/permissions';
import { protectedRoute } from './define-route';
import { json } from './schemas';
import { validationHook } from './validation';

const Labelled = z.object({ id: z.string(), label: z.string() });

const PermissionMatrix = z
  .object({
    operations: z.array(Labelled.extend({ group: z.enum(['account', 'backup_tasks']) })),
    services: z.array(Labelled),
    scopes: z.array(Labelled),
  })
  .openapi('PermissionMatrix');

export const permissionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  protectedRoute(
    { requires: [] },
    {
      method: 'get',
      path: '/permissions',
      tags: ['Me'],
      summary: 'The permission matrix (operations × services) and every scope id',
      description:
        'Operations in group `account` are permission ids themselves; operations in group `backup_tasks` combine with a service as `backups.<service>.<operation>`. `scopes` lists every permission id.',
      responses: { 200: json(PermissionMatrix, 'The matrix') },
    },
  ),
  (c) =>
    c.json(
      {
        operations: [
          ...ACCOUNT_OPERATIONS.map((op) => ({
            id: op.id,
            label: op.label,
            group: 'account' as const,
          })),
          ...BACKUP_TASK_OPERATIONS.map((op) => ({
            id: op.id,
            label: op.label,
            group: 'backup_tasks' as const,
          })),
        ],
        services: SERVICES.map((s) => ({ id: s.id, label: s.label })),
        scopes: PERMISSION_CATALOG.map((p) => ({ id: p.id, label: p.label })),
      },
      200,
    ),
);
