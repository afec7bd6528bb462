import type { Hook } from '@hono/zod-openapi';
import { AppError } from '../errors';

/**
 * Turns any zod failure on params, query or body into the one `validation_failed` shape,
 * with every issue listed (path + message) so forms can show all problems at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (result.success) return;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new AppError('validation_failed', 'Some fields are invalid.', { details });
};
