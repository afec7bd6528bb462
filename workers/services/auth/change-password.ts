import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { hashPassword, verifyPassword } from '../../domain/password-hash';
import { AppError } from '../../errors';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import { passwordChangedEmail } from '../mail/templates';
import { assertAcceptablePassword } from './password-rules';
import type { Principal } from './principal';
import { revokeUserSessions } from './sessions';
import { assertNotThrottled, emailBucket, ipBucket, recordFailure } from './throttle';

/**
 * Change password (current + new + confirm). Wrong current passwords count against the
 * same sign-in throttle, so a borrowed session cannot be used to guess the password. Other
 * sessions are signed out; the one that made the change stays.
 */
export async function changePassword(
  actor: Principal,
  deps: Deps,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { user } = actor;
  const buckets = [emailBucket(user.email), ipBucket(deps.request.ip)];
  await assertNotThrottled(deps, buckets);

  const verdict = await verifyPassword(input.currentPassword, user.passwordHash ?? '');
  if (!user.passwordHash || !verdict.ok) {
    await recordFailure(deps, buckets);
    await recordSecurityEvent(deps, {
      event: 'password_changed',
      outcome: 'failure',
      reason: 'wrong_current_password',
      accountId: actor.accountId,
      userId: actor.userId,
      email: user.email,
    });
    throw new AppError('invalid_current_password');
  }
  assertAcceptablePassword(
    input.newPassword,
    { email: user.email, firstName: user.firstName, lastName: user.lastName },
    'newPassword',
  );
  if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
    throw new AppError('validation_failed', undefined, {
      details: [
        { path: 'newPassword', message: 'Choose a password different from the current one.' },
      ],
    });
  }

  const now = new Date();
  await deps.db
    .update(users)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      passwordChangedAt: now,
      updatedAt: now,
    })
    .where(eq(users.id, actor.userId));
  await revokeUserSessions(deps, actor.userId, actor.sessionId);
  await recordSecurityEvent(deps, {
    event: 'password_changed',
    outcome: 'success',
    accountId: actor.accountId,
    userId: actor.userId,
    email: user.email,
  });
  await deps.mailer.send(passwordChangedEmail(user.email, user.firstName));
}
