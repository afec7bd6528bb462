import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { json } from './schemas';
import { publicRoute } from './define-route';
import { validationHook } from './validation';

export const healthRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  publicRoute({
    method: 'get',
    path: '/health',
    tags: ['Meta'],
    summary: 'Liveness check',
    responses: { 200: json(z.object({ ok: z.literal(true) }), 'The Worker is running') },
  }),
  (c) => c.json({ ok: true as const }, 200),
);
