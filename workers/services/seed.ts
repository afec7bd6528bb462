import { eq } from 'drizzle-orm';
import { accounts, users } from '../db/schema';
import type { Db } from '../db/client';
import { hashPassword } from '../domain/password-hash';
import { TRIAL_DAYS } from './auth/signup';

export const DEMO_ACCOUNT = {
  name: 'Demo Company',
  region: 'eu-ie',
  email: 'demo@bulwark.example',
  password: 'Demo-Bulwark-Backup-2026',
  firstName: 'Demo',
  lastName: 'Administrator',
} as const;

/**
 * Creates the demo account for local development if it does not exist. Idempotent: an
 * existing demo user is left untouched (including a password changed while trying things).
 * Account and user go in one batch, so a failure never leaves an account without its owner.
 */
export async function seedDemoAccount(deps: {
  db: Db;
}): Promise<{ email: string; password: string; created: boolean }> {
  const result = { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password };
  const existing = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_ACCOUNT.email))
    .get();
  if (existing) return { ...result, created: false };

  const now = new Date();
  const accountId = crypto.randomUUID();
  try {
    await deps.db.batch([
      deps.db.insert(accounts).values({
        id: accountId,
        name: DEMO_ACCOUNT.name,
        region: DEMO_ACCOUNT.region,
        status: 'trial',
        trialEndsAt: new Date(now.getTime() + TRIAL_DAYS * 24 * 60 * 60 * 1000),
        createdAt: now,
      }),
      deps.db.insert(users).values({
        id: crypto.randomUUID(),
        accountId,
        email: DEMO_ACCOUNT.email,
        firstName: DEMO_ACCOUNT.firstName,
        lastName: DEMO_ACCOUNT.lastName,
        role: 'administrator',
        permissions: [],
        isPrimary: true,
        passwordHash: await hashPassword(DEMO_ACCOUNT.password),
        passwordChangedAt: now,
        emailConfirmedAt: now,
        createdAt: now,
      }),
    ]);
  } catch (error) {
    // Two seeders raced; the other one created it.
    if (String(error).includes('UNIQUE')) return { ...result, created: false };
    throw error;
  }
  return { ...result, created: true };
}
