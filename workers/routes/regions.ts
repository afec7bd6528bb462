import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { REGIONS } from '../domain/regions';
import { publicRoute } from './define-route';
import { json, Region } from './schemas';
import { validationHook } from './validation';

export const regionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  publicRoute({
    method: 'get',
    path: '/regions',
    tags: ['Accounts'],
    summary: 'Datacenter regions offered at sign-up',
    responses: {
      200: json(
        z.object({ regions: z.array(z.object({ code: Region, name: z.string() })) }),
        'Regions in display order',
      ),
    },
  }),
  (c) => c.json({ regions: REGIONS.map((r) => ({ code: r.code, name: r.name })) }, 200),
);
