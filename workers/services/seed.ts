import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { hashPassword } from '../domain/password-hash';
import { createAccountWithOwner } from './accounts';

export const DEMO_ACCOUNT = {
  name: 'Demo Company',
  region: 'eu-ie',
  email: 'demo@bulwark.example',
  password: 'Demo-Bulwark-Backup-2026',
  firstName: 'Demo',
  lastName: 'Administrator',
} as const;

/**
 * Creates the demo account for local development if it does not exist, the way sign-up
 * creates accounts but already confirmed. Idempotent: an existing demo user is left
 * untouched (including a password changed while trying things), and two seeders racing
 * end with one account.
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

  const created = await createAccountWithOwner(deps, {
    accountName: DEMO_ACCOUNT.name,
    region: DEMO_ACCOUNT.region,
    email: DEMO_ACCOUNT.email,
    firstName: DEMO_ACCOUNT.firstName,
    lastName: DEMO_ACCOUNT.lastName,
    passwordHash: await hashPassword(DEMO_ACCOUNT.password),
    emailConfirmedAt: new Date(),
  });
  return { ...result, created: created !== null };
}
