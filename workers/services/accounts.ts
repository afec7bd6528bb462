import { eq } from 'drizzle-orm';
import type { AccountRow, Db } from '../db/client';
import { accounts, users } from '../db/schema';
import type { RegionCode } from '../domain/regions';
import { AppError } from '../errors';
import { recordActivity } from './activity';
import type { Principal } from './auth/principal';
import type { Deps } from './deps';

export const TRIAL_DAYS = 14;

export interface NewAccountWithOwner {
  accountName: string;
  region: RegionCode;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  /** Set when the address is known to be confirmed already (the demo account). */
  emailConfirmedAt?: Date;
}

/**
 * Creates a trial account and its primary administrator — the one way accounts come into
 * being (sign-up, the development seed). Both rows go in one batch, so a failure never leaves
 * an account without its owner. Returns null when the address is already registered (the
 * unique index decided, so concurrent callers cannot both create it).
 */
export async function createAccountWithOwner(
  deps: { db: Db },
  input: NewAccountWithOwner,
): Promise<{ accountId: string; userId: string } | null> {
  const now = new Date();
  const accountId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  try {
    await deps.db.batch([
      deps.db.insert(accounts).values({
        id: accountId,
        name: input.accountName,
        region: input.region,
        status: 'trial',
        trialEndsAt: new Date(now.getTime() + TRIAL_DAYS * 24 * 60 * 60 * 1000),
        createdAt: now,
      }),
      deps.db.insert(users).values({
        id: userId,
        accountId,
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
        role: 'administrator',
        permissions: [],
        isPrimary: true,
        passwordHash: input.passwordHash,
        passwordChangedAt: now,
        emailConfirmedAt: input.emailConfirmedAt ?? null,
        createdAt: now,
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  return { accountId, userId };
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes('UNIQUE constraint failed')) return true;
  }
  return false;
}

/**
 * The caller's own account: the row `authenticate` joined into the principal for this
 * request (its id came from the credential, never from the request), so no second read.
 */
export function getAccount(actor: Principal): AccountRow {
  return actor.account;
}

/** Renames the account (A11) and records who did it in the activity log. */
export async function renameAccount(
  actor: Principal,
  deps: Deps,
  name: string,
): Promise<AccountRow> {
  const before = getAccount(actor);
  if (before.name === name) return before;
  const [updated] = await deps.db
    .update(accounts)
    .set({ name, updatedAt: new Date() })
    .where(eq(accounts.id, actor.accountId))
    .returning();
  if (!updated) throw new AppError('not_found', 'Account not found.');
  await recordActivity(actor, deps, 'account.renamed', { from: before.name, to: name });
  return updated;
}
