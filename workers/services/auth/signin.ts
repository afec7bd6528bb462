import { eq } from 'drizzle-orm';
import { accounts, users } from '../../db/schema';
import { hashPassword, spendVerificationTime, verifyPassword } from '../../domain/password-hash';
import { permissionsOfUser } from '../../domain/permissions';
import { AppError } from '../../errors';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import type { Principal } from './principal';
import { createSession, deleteSessionBySecret } from './sessions';
import { countPasswordCheck, forgivePasswordCheck } from './throttle';

export interface SignInResult {
  principal: Principal;
  sessionSecret: string;
  maxAgeSeconds: number;
}

/**
 * Email + password sign-in. Unknown email, missing password and wrong password all give
 * the same 401 after the same amount of hashing work (one PBKDF2 derivation). Every attempt
 * is counted per address and per client IP before the password is looked at, so parallel
 * guesses cannot slip past the limit; the right password gives its attempt back. A
 * successful sign-in always starts a new session (rotation) and ends the one the browser
 * presented, if any.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  previousSessionSecret?: string,
): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const { exceeded, retryAfter } = await countPasswordCheck(deps, email);
  if (exceeded.length > 0) {
    await recordSecurityEvent(deps, { event: 'signin', outcome: 'throttled', email });
    throw new AppError('too_many_attempts', undefined, { retryAfter });
  }

  const row = await deps.db
    .select({ user: users, account: accounts })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.email, email))
    .get();

  // The attempt is already counted: a failure only needs recording.
  const fail = async (reason: string): Promise<never> => {
    await recordSecurityEvent(deps, {
      event: 'signin',
      outcome: 'failure',
      reason,
      accountId: row?.account.id,
      userId: row?.user.id,
      email,
    });
    throw new AppError('invalid_credentials');
  };

  if (!row?.user.passwordHash) {
    await spendVerificationTime(input.password);
    return fail(row ? 'no_password' : 'unknown_email');
  }
  const { user, account } = row;
  const verdict = await verifyPassword(input.password, user.passwordHash ?? '');
  if (!verdict.ok) return fail('wrong_password');

  // The right password: this attempt was no guess, so it does not count.
  await forgivePasswordCheck(deps, email);

  // Only revealed to someone who knows the password.
  if (!user.emailConfirmedAt) {
    await recordSecurityEvent(deps, {
      event: 'signin',
      outcome: 'failure',
      reason: 'email_not_confirmed',
      accountId: account.id,
      userId: user.id,
      email,
    });
    throw new AppError('email_not_confirmed');
  }

  const now = new Date();
  const updates: Partial<typeof users.$inferInsert> = { lastSignInAt: now };
  if (verdict.needsRehash) updates.passwordHash = await hashPassword(input.password);
  await deps.db.update(users).set(updates).where(eq(users.id, user.id));
  if (previousSessionSecret) await deleteSessionBySecret(deps, previousSessionSecret);
  const session = await createSession(deps, user);
  await recordSecurityEvent(deps, {
    event: 'signin',
    outcome: 'success',
    accountId: account.id,
    userId: user.id,
    email,
  });

  return {
    principal: {
      kind: 'session',
      accountId: account.id,
      userId: user.id,
      user: { ...user, ...updates },
      account,
      permissions: permissionsOfUser(user.role, user.permissions),
      sessionId: session.id,
    },
    sessionSecret: session.secret,
    maxAgeSeconds: session.maxAgeSeconds,
  };
}
