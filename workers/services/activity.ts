import { activityLog } from '../db/schema';
import type { Principal } from './auth/principal';
import type { Deps } from './deps';

/** Appends to the account's activity log ("View account activity"). */
export async function recordActivity(
  actor: Pick<Principal, 'accountId' | 'userId' | 'user'>,
  deps: Deps,
  action: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await deps.db.insert(activityLog).values({
    id: crypto.randomUUID(),
    accountId: actor.accountId,
    userId: actor.userId,
    actorEmail: actor.user.email,
    action,
    details: details ?? null,
    createdAt: new Date(),
  });
}
