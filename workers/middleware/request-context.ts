import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { createDb } from '../db/client';
import { getConfig } from '../env';
import { errorForLog } from '../log';
import { createMailer } from '../services/mail';

const MAX_USER_AGENT = 512;

/** Builds the per-request service dependencies (config, D1, mailer, request facts). */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const config = getConfig(c.env);
  const db = createDb(c.env.DB);
  const requestId = c.get('requestId');
  c.set('deps', {
    db,
    config,
    mailer: createMailer(config, db),
    request: {
      ip: c.req.header('CF-Connecting-IP') ?? 'unknown',
      userAgent: c.req.header('User-Agent')?.slice(0, MAX_USER_AGENT) ?? null,
      requestId,
    },
    baseUrl: config.appUrl ?? new URL(c.req.url).origin,
    defer(task) {
      const run = task().catch((error: unknown) => {
        console.error(
          JSON.stringify({ event: 'deferred_task_failed', requestId, error: errorForLog(error) }),
        );
      });
      c.executionCtx.waitUntil(run);
    },
  });
  await next();
});
