import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { readSessionCookie } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for state-changing requests. Browsers send `Origin` on every cross-origin
 * and same-origin POST/PATCH/DELETE, so:
 * - an `Origin` that is not our own is refused (covers login CSRF too, where no cookie
 *   exists yet);
 * - a request that presents the session cookie without any `Origin` is refused as well.
 * Bearer-token clients (scripts) send no cookie and usually no Origin, and are unaffected.
 */
export const sameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('Origin');
    const ownOrigin = new URL(c.req.url).origin;
    const usesCookie = !c.req.header('Authorization') && readSessionCookie(c) !== undefined;
    if ((origin !== undefined && origin !== ownOrigin) || (origin === undefined && usesCookie)) {
      throw new AppError('cross_site_request');
    }
  }
  await next();
});
