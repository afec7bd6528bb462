import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { completeConsent } from '../services/backup-tasks/connect';
import { publicRoute } from './define-route';
import { validationHook } from './validation';

const param = (max: number) => z.string().max(max).optional();

const CallbackQuery = z.object({
  state: param(200),
  // A tenant id (GUID) or domain: it becomes a path segment of the token URL.
  tenant: z
    .string()
    .max(256)
    .regex(/^[A-Za-z0-9.-]+$/, 'Unexpected tenant.')
    .optional(),
  admin_consent: param(16),
  scope: param(2000),
  error: param(200),
  error_description: param(2000),
  error_uri: param(2000),
});

/**
 * Where Microsoft sends the administrator back after admin consent. Public (no `authorize`):
 * the OAuth `state` says which task this is, and the service checks that the browser's
 * portal session (SameSite=Lax, so present on this top-level redirect) is of that account —
 * a refusal is a redirect with a message, not a JSON error page.
 */
export const connectRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  publicRoute({
    method: 'get',
    path: '/connect/callback',
    tags: ['Backup tasks'],
    summary: 'Microsoft admin consent redirect target',
    description:
      'Connects the task the `state` names (or records why not) and redirects to `/tasks/{taskId}?connected=1` or `?connectError=<reason>`. The browser must carry a portal session of the task’s account with `backups.exchange.activate`; otherwise it is sent to `/?connectError=…` and the task is unchanged.',
    request: { query: CallbackQuery },
    responses: { 302: { description: 'Back to the portal' } },
  }),
  async (c) => {
    const location = await completeConsent(
      c.var.deps,
      c.env,
      c.var.principal,
      c.req.valid('query'),
    );
    return c.redirect(location, 302);
  },
);
