import { eq } from 'drizzle-orm';
import type { UserRow } from '../../db/client';
import { users } from '../../db/schema';
import { hashPassword, spendVerificationTime } from '../../domain/password-hash';
import type { RegionCode } from '../../domain/regions';
import { AppError } from '../../errors';
import { createAccountWithOwner } from '../accounts';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import { activationEmail, alreadyRegisteredEmail } from '../mail/templates';
import { issueEmailToken } from './email-tokens';
import { countAttempt, signupEmailBucket, signupIpBucket } from './throttle';

export interface SignUpInput {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  region: RegionCode;
}

/**
 * Creates a trial account with its primary administrator and emails an activation link.
 * The answer is the same whether or not the address is already registered (no account
 * enumeration): an existing owner gets an email instead — a fresh activation link if they
 * never activated, otherwise a notice that they already have an account.
 *
 * Throttled like sign-in, counting first: at most MAX_SIGNUPS_PER_IP sign-ups per client IP
 * per window (429), and at most MAX_SIGNUP_EMAILS_PER_ADDRESS mails to one address, past
 * which the answer stays the same but nothing is sent (a 429 there would tell that the
 * address had been used).
 */
export async function signUp(deps: Deps, input: SignUpInput): Promise<{ email: string }> {
  const email = input.email.toLowerCase();
  const clientBucket = signupIpBucket(deps.request.ip);
  const { exceeded, retryAfter } = await countAttempt(deps, [
    clientBucket,
    signupEmailBucket(email),
  ]);
  if (exceeded.length > 0) {
    await recordSecurityEvent(deps, { event: 'signup', outcome: 'throttled', email });
    if (exceeded.includes(clientBucket)) {
      throw new AppError('too_many_attempts', undefined, { retryAfter });
    }
    await spendVerificationTime(input.password); // same cost as hashing a new password
    return { email };
  }

  const existing = await deps.db.select().from(users).where(eq(users.email, email)).get();
  if (existing) {
    await spendVerificationTime(input.password); // same cost as hashing a new password
    await notifyExistingUser(deps, existing);
    await recordSecurityEvent(deps, {
      event: 'signup',
      outcome: 'failure',
      reason: 'email_exists',
      accountId: existing.accountId,
      userId: existing.id,
      email,
    });
    return { email };
  }

  const created = await createAccountWithOwner(deps, {
    accountName: `${input.firstName} ${input.lastName}`,
    region: input.region,
    email,
    firstName: input.firstName,
    lastName: input.lastName,
    passwordHash: await hashPassword(input.password),
  });
  // A concurrent sign-up with the same address won the unique index; answer the same way.
  if (!created) return { email };

  const secret = await issueEmailToken(deps, created.userId, 'activation');
  await deps.mailer.send(
    activationEmail(email, input.firstName, `${deps.baseUrl}/activate?token=${secret}`),
  );
  await recordSecurityEvent(deps, {
    event: 'signup',
    outcome: 'success',
    accountId: created.accountId,
    userId: created.userId,
    email,
  });
  return { email };
}

async function notifyExistingUser(deps: Deps, user: UserRow): Promise<void> {
  if (!user.emailConfirmedAt) {
    const secret = await issueEmailToken(deps, user.id, 'activation');
    const link = `${deps.baseUrl}/activate?token=${secret}`;
    await deps.mailer.send(activationEmail(user.email, user.firstName, link));
  } else {
    await deps.mailer.send(alreadyRegisteredEmail(user.email, user.firstName, `${deps.baseUrl}/`));
  }
}
