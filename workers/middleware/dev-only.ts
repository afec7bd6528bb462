import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { AppError } from '../errors';

/** Development helpers exist only when DEV_MODE=true; otherwise they are plain 404s. */
export const devOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.deps.config.devMode) throw new AppError('not_found');
  await next();
});
