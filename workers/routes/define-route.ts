import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { authorize, type AccessRule } from '../middleware/authorize';

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
    name: '__Host-bulwark_session',
    description:
      'Portal session (browser only; state-changing requests must carry a matching Origin)',
  },
} as const;

type PlainRoute = Omit<RouteConfig, 'middleware' | 'security'>;

/** A route anyone may call (sign-up, sign-in, the regions list…). */
export function publicRoute<const R extends PlainRoute>(config: R) {
  return createRoute({ ...config, security: [] });
}

/** A route for signed-in principals holding every permission in `access.requires`. */
export function protectedRoute<const R extends PlainRoute>(access: AccessRule, config: R) {
  // Annotated: an inferred union of tuple literals here would break route type inference.
  const security: Array<Record<string, string[]>> = access.sessionOnly
    ? [{ sessionCookie: [] }]
    : [{ bearerToken: [] }, { sessionCookie: [] }];
  return createRoute({
    ...config,
    middleware: [authorize(access)] as const,
    security,
    'x-bulwark-permissions': [...access.requires],
    'x-bulwark-session-only': access.sessionOnly === true,
  });
}
