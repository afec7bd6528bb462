import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError } from '../../errors';
import { recordSecurityEvent } from '../audit';
import type { Deps } from '../deps';
import { consumeEmailToken } from './email-tokens';

/** Confirms the email address behind an activation link; the link works once. */
export async function activate(deps: Deps, secret: string): Promise<{ email: string }> {
  const userId = await consumeEmailToken(deps, secret, 'activation');
  await deps.db
    .update(users)
    .set({ emailConfirmedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(users.id, userId), isNull(users.emailConfirmedAt)));
  const user = await deps.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new AppError('invalid_token');
  await recordSecurityEvent(deps, {
    event: 'activation',
    outcome: 'success',
    accountId: user.accountId,
    userId: user.id,
    email: user.email,
  });
  return { email: user.email };
}
