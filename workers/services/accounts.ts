import { eq } from 'drizzle-orm';
import type { AccountRow } from '../db/client';
import { accounts } from '../db/schema';
import { AppError } from '../errors';
import { recordActivity } from './activity';
import type { Principal } from './auth/principal';
import type { Deps } from './deps';

/** The caller's own account: the id comes from the principal, never from the request. */
export async function getAccount(actor: Principal, deps: Deps): Promise<AccountRow> {
  const account = await deps.db
    .select()
    .from(accounts)
    .where(eq(accounts.id, actor.accountId))
    .get();
  if (!account) throw new AppError('not_found', 'Account not found.');
  return account;
}

/** Renames the account (A11) and records who did it in the activity log. */
export async function renameAccount(
  actor: Principal,
  deps: Deps,
  name: string,
): Promise<AccountRow> {
  const before = await getAccount(actor, deps);
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
