import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';

/**
 * A fresh id per request, on every response (errors and 404s included, since Hono runs the
 * code after `next()` for those too) and in every error body and log line. Generated here,
 * not taken from the client, so logs cannot be forged with chosen ids.
 */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.res.headers.set('X-Request-Id', id);
});
