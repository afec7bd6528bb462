import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { authorize, type AccessRule } from '../middleware/authorize';
import { SESSION_COOKIE_NAME } from '../middleware/session-cookie';
import { errors, type ErrorStatus } from './schemas';

/**
 * Every API route is declared through one of these two helpers, so "who may call this" is
 * part of the route definition — enforced by the single `authorize` middleware and
 * published in the OpenAPI document (`security` and `x-bulwark-permissions`).
 */

export const SECURITY_SCHEMES = {
  bearerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'bwk_…', description: 'API token' },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE_NAME,
    description:
      'Portal session (browser only; state-changing requests must carry a matching Origin)',
  },
} as const;

type PlainRoute = Omit<RouteConfig, 'middleware' | 'security'>;

/**
 * The errors any route of its kind can answer, whatever its handler does, added to the
 * route's own list: the middleware in front of every route produces them (a bad bearer
 * token is refused even on public routes; unsafe methods get the Origin check; bodies the
 * size limit, content type and JSON checks). Future routes are documented correctly without
 * having to remember.
 */
function withStandardErrors<const R extends PlainRoute>(config: R, isProtected: boolean): R {
  const statuses: ErrorStatus[] = [401, 500];
  const hasBody = config.request?.body !== undefined;
  if (hasBody || config.request?.params !== undefined || config.request?.query !== undefined) {
    statuses.push(400);
  }
  if (hasBody) statuses.push(413, 415);
  if (isProtected || config.method !== 'get') statuses.push(403);
  return { ...config, responses: { ...errors(...statuses), ...config.responses } };
}

/** A route anyone may call (sign-up, sign-in, the regions list…). */
export function publicRoute<const R extends PlainRoute>(config: R) {
  return createRoute({ ...withStandardErrors(config, false), security: [] });
}

/** A route for signed-in principals holding every permission in `access.requires`. */
export function protectedRoute<const R extends PlainRoute>(access: AccessRule, config: R) {
  // Annotated: an inferred union of tuple literals here would break route type inference.
  const security: Array<Record<string, string[]>> = access.sessionOnly
    ? [{ sessionCookie: [] }]
    : [{ bearerToken: [] }, { sessionCookie: [] }];
  return createRoute({
    ...withStandardErrors(config, true),
    middleware: [authorize(access)] as const,
    security,
    'x-bulwark-permissions': [...access.requires],
    'x-bulwark-session-only': access.sessionOnly === true,
  });
}
