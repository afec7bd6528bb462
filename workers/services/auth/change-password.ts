import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { hashPassword, normalizePassword, verifyPassword } from '../../domain/password-hash';
import { AppError } from '../../errors';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import { passwordChangedEmail } from '../mail/templates';
import { assertAcceptablePassword } from './password-rules';
import type { Principal } from './principal';
import { createSession, revokeUserSessions, type NewSession } from './sessions';
import { countPasswordCheck, forgivePasswordCheck } from './throttle';

/**
 * Change password (current + new + confirm). Every attempt counts against the sign-in
 * throttle before the current password is checked (the right one gives it back), so a
 * borrowed session cannot be used to guess the password, in parallel or not. On success
 * every session of the user ends, the one that asked included, and a new session is
 * returned for the caller's cookie (rotation: a session id seen before the change is dead).
 */
export async function changePassword(
  actor: Principal,
  deps: Deps,
  input: { currentPassword: string; newPassword: string },
): Promise<NewSession> {
  const { user } = actor;
  const { exceeded, retryAfter } = await countPasswordCheck(deps, user.email);
  if (exceeded.length > 0) {
    await recordSecurityEvent(deps, {
      event: 'password_changed',
      outcome: 'throttled',
      accountId: actor.accountId,
      userId: actor.userId,
      email: user.email,
    });
    throw new AppError('too_many_attempts', undefined, { retryAfter });
  }

  const verdict = await verifyPassword(input.currentPassword, user.passwordHash ?? '');
  if (!user.passwordHash || !verdict.ok) {
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
  await forgivePasswordCheck(deps, user.email);

  // The route has applied the context-free rules; this adds the user's name and email.
  assertAcceptablePassword(
    input.newPassword,
    { email: user.email, firstName: user.firstName, lastName: user.lastName },
    'newPassword',
  );
  if (normalizePassword(input.newPassword) === normalizePassword(input.currentPassword)) {
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
  await revokeUserSessions(deps, actor.userId);
  const session = await createSession(deps, user);
  await recordSecurityEvent(deps, {
    event: 'password_changed',
    outcome: 'success',
    accountId: actor.accountId,
    userId: actor.userId,
    email: user.email,
  });
  await deps.mailer.send(passwordChangedEmail(user.email, user.firstName));
  return session;
}
