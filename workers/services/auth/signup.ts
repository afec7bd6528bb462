import { eq } from 'drizzle-orm';
import type { UserRow } from '../../db/client';
import { accounts, users } from '../../db/schema';
import { hashPassword, spendVerificationTime } from '../../domain/password-hash';
import type { RegionCode } from '../../domain/regions';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import { activationEmail, alreadyRegisteredEmail } from '../mail/templates';
import { issueEmailToken } from './email-tokens';

export const TRIAL_DAYS = 14;

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
 */
export async function signUp(deps: Deps, input: SignUpInput): Promise<{ email: string }> {
  const email = input.email.toLowerCase();
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

  const now = new Date();
  const accountId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const passwordHash = await hashPassword(input.password);
  try {
    await deps.db.batch([
      deps.db.insert(accounts).values({
        id: accountId,
        name: `${input.firstName} ${input.lastName}`,
        region: input.region,
        status: 'trial',
        trialEndsAt: new Date(now.getTime() + TRIAL_DAYS * 24 * 60 * 60 * 1000),
        createdAt: now,
      }),
      deps.db.insert(users).values({
        id: userId,
        accountId,
        email,
        firstName: input.firstName,
        lastName: input.lastName,
        role: 'administrator',
        permissions: [],
        isPrimary: true,
        passwordHash,
        passwordChangedAt: now,
        createdAt: now,
      }),
    ]);
  } catch (error) {
    // A concurrent sign-up with the same address won the unique index; answer the same way.
    if (String(error).includes('UNIQUE')) return { email };
    throw error;
  }

  const secret = await issueEmailToken(deps, userId, 'activation');
  await deps.mailer.send(
    activationEmail(email, input.firstName, `${deps.baseUrl}/activate?token=${secret}`),
  );
  await recordSecurityEvent(deps, {
    event: 'signup',
    outcome: 'success',
    accountId,
    userId,
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
