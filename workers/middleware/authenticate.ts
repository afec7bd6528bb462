import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { resolveApiToken } from '../services/api-tokens';
import { resolveSession } from '../services/auth/sessions';
import { clearSessionCookie, readSessionCookie } from './session-cookie';

/**
 * Resolves credentials into `c.var.principal`; deciding what the principal may do is
 * `authorize`'s job. A bearer token that does not resolve is an error right away (the
 * client clearly meant to authenticate); a stale session cookie is dropped and cleared,
 * and the request continues anonymously so public endpoints still work.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const authorization = c.req.header('Authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = match?.[1] ? await resolveApiToken(deps, match[1]) : null;
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new AppError('unauthenticated', 'The API token is invalid, expired or revoked.');
    }
    c.set('principal', principal);
  } else {
    const secret = readSessionCookie(c);
    if (secret) {
      const principal = await resolveSession(deps, secret);
      if (principal) c.set('principal', principal);
      else clearSessionCookie(c);
    }
  }
  await next();
});
