import { createMiddleware } from 'hono/factory';
import { hasAll, type Permission } from '../domain/permissions';
import { AppError } from '../errors';
import type { Principal } from '../services/auth/principal';

export interface AccessRule {
  /** Permissions the principal must hold (all of them); [] = any signed-in principal. */
  requires: readonly Permission[];
  /**
   * Credential management (new tokens, password change) needs a portal session: a leaked
   * token must not be able to mint longer-lived tokens or lock the owner out.
   */
  sessionOnly?: boolean;
}

/**
 * The single authorization decision point. Routes declare an AccessRule (see
 * routes/define-route.ts) and this middleware enforces it; handlers after it receive a
 * non-optional `principal`.
 */
export function authorize(rule: AccessRule) {
  return createMiddleware<{ Variables: { principal: Principal } }>(async (c, next) => {
    // Typed as present for the handlers after this middleware; here it may not be yet.
    const principal = c.get('principal') as Principal | undefined;
    if (!principal) throw new AppError('unauthenticated');
    if (rule.sessionOnly && principal.kind !== 'session') {
      throw new AppError('forbidden', 'This operation needs a portal session, not an API token.');
    }
    if (!hasAll(principal.permissions, rule.requires)) throw new AppError('forbidden');
    await next();
  });
}
