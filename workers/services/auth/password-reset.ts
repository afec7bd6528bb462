import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { hashPassword } from '../../domain/password-hash';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import { passwordChangedEmail, passwordResetEmail } from '../mail/templates';
import { consumeEmailToken, issueEmailToken, peekEmailToken } from './email-tokens';
import { assertAcceptablePassword } from './password-rules';
import { revokeUserSessions } from './sessions';
import { clearBucket, countAttempt, emailBucket, resetBucket } from './throttle';

/**
 * "Forgot your password?". The caller always gets 202 and the work happens after the
 * response, so neither the answer nor its timing tells whether the address is registered.
 * A few emails per address per window at most, so the form cannot be used to flood an inbox:
 * each request is counted before anything is looked up, so parallel requests cannot exceed it.
 */
export function requestPasswordReset(deps: Deps, rawEmail: string): void {
  const email = rawEmail.toLowerCase();
  deps.defer(async () => {
    const { exceeded } = await countAttempt(deps, [resetBucket(email)]);
    const user = await deps.db.select().from(users).where(eq(users.email, email)).get();
    if (exceeded.length > 0) {
      await recordSecurityEvent(deps, {
        event: 'password_reset_requested',
        outcome: 'throttled',
        accountId: user?.accountId,
        userId: user?.id,
        email,
      });
      return;
    }
    if (user) {
      const secret = await issueEmailToken(deps, user.id, 'password_reset');
      const link = `${deps.baseUrl}/reset-password?token=${secret}`;
      await deps.mailer.send(passwordResetEmail(user.email, user.firstName, link));
    }
    await recordSecurityEvent(deps, {
      event: 'password_reset_requested',
      outcome: user ? 'success' : 'failure',
      reason: user ? undefined : 'unknown_email',
      accountId: user?.accountId,
      userId: user?.id,
      email,
    });
  });
}

/**
 * Sets a new password from a reset link. The policy is checked before the link is used up,
 * so a rejected password does not burn the link. Completing a reset proves control of the
 * mailbox, so it also confirms the address, lifts the sign-in lock and ends every session.
 */
export async function confirmPasswordReset(
  deps: Deps,
  input: { token: string; password: string },
): Promise<void> {
  const user = await peekEmailToken(deps, input.token, 'password_reset');
  assertAcceptablePassword(
    input.password,
    { email: user.email, firstName: user.firstName, lastName: user.lastName },
    'password',
  );
  const passwordHash = await hashPassword(input.password);
  const userId = await consumeEmailToken(deps, input.token, 'password_reset');
  const now = new Date();
  await deps.db
    .update(users)
    .set({
      passwordHash,
      passwordChangedAt: now,
      emailConfirmedAt: user.emailConfirmedAt ?? now,
      updatedAt: now,
    })
    .where(eq(users.id, userId));
  await revokeUserSessions(deps, userId);
  await clearBucket(deps, emailBucket(user.email));
  await recordSecurityEvent(deps, {
    event: 'password_reset',
    outcome: 'success',
    accountId: user.accountId,
    userId,
    email: user.email,
  });
  await deps.mailer.send(passwordChangedEmail(user.email, user.firstName));
}
