import { eq } from 'drizzle-orm';
import { accounts, users } from '../../db/schema';
import { hashPassword, spendVerificationTime, verifyPassword } from '../../domain/password-hash';
import { permissionsOfUser } from '../../domain/permissions';
import { AppError } from '../../errors';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import type { Principal } from './principal';
import { createSession, deleteSessionBySecret } from './sessions';
import { assertNotThrottled, clearBucket, emailBucket, ipBucket, recordFailure } from './throttle';

export interface SignInResult {
  principal: Principal;
  sessionSecret: string;
  maxAgeSeconds: number;
}

/**
 * Email + password sign-in. Unknown email, missing password and wrong password all give
 * the same 401 after the same amount of hashing work; throttling is checked first and
 * counts failures per address and per client IP. A successful sign-in always starts a new
 * session (rotation) and ends the one the browser presented, if any.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  previousSessionSecret?: string,
): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const buckets = [emailBucket(email), ipBucket(deps.request.ip)];
  try {
    await assertNotThrottled(deps, buckets);
  } catch (error) {
    await recordSecurityEvent(deps, { event: 'signin', outcome: 'throttled', email });
    throw error;
  }

  const row = await deps.db
    .select({ user: users, account: accounts })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.email, email))
    .get();

  const fail = async (reason: string): Promise<never> => {
    await recordFailure(deps, buckets);
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
  await clearBucket(deps, emailBucket(email));
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
