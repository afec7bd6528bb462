import { securityAuditLog } from '../db/schema';
import type { Deps } from './deps';

export type SecurityEvent =
  | 'signup'
  | 'activation'
  | 'signin'
  | 'signout'
  | 'password_reset_requested'
  | 'password_reset'
  | 'password_changed'
  | 'api_token_created'
  | 'api_token_revoked';

export interface SecurityEventInput {
  event: SecurityEvent;
  outcome: 'success' | 'failure' | 'throttled';
  reason?: string;
  accountId?: string | null;
  userId?: string | null;
  email?: string | null;
}

/** Appends a security-audit row with the caller's IP, user agent and request id. */
export async function recordSecurityEvent(deps: Deps, input: SecurityEventInput): Promise<void> {
  await deps.db.insert(securityAuditLog).values({
    id: crypto.randomUUID(),
    accountId: input.accountId ?? null,
    userId: input.userId ?? null,
    email: input.email ?? null,
    event: input.event,
    outcome: input.outcome,
    reason: input.reason ?? null,
    ip: deps.request.ip,
    userAgent: deps.request.userAgent,
    requestId: deps.request.requestId,
    createdAt: new Date(),
  });
}
