import { and, eq, gt, isNull } from 'drizzle-orm';
import type { UserRow } from '../../db/client';
import { emailTokens, users } from '../../db/schema';
import { randomSecret, sha256Hex } from '../../domain/secrets';
import { AppError } from '../../errors';
import type { Deps } from '../deps';

/**
 * One-time secrets sent by email (activation, password reset). Only the SHA-256 is stored;
 * use is single and atomic (a conditional UPDATE … RETURNING), so two concurrent clicks
 * cannot both succeed.
 */

export type EmailTokenPurpose = 'activation' | 'password_reset';

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  // Generous: people activate from another device or the next morning. A stale link is
  // replaced by signing up again with the same address.
  activation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

/** Issues a token and invalidates earlier unused ones of the same purpose: latest link wins. */
export async function issueEmailToken(
  deps: Deps,
  userId: string,
  purpose: EmailTokenPurpose,
): Promise<string> {
  const secret = randomSecret();
  const now = Date.now();
  await deps.db.batch([
    deps.db
      .delete(emailTokens)
      .where(
        and(
          eq(emailTokens.userId, userId),
          eq(emailTokens.purpose, purpose),
          isNull(emailTokens.usedAt),
        ),
      ),
    deps.db.insert(emailTokens).values({
      id: crypto.randomUUID(),
      userId,
      purpose,
      tokenHash: await sha256Hex(secret),
      createdAt: new Date(now),
      expiresAt: new Date(now + EMAIL_TOKEN_TTL_MS[purpose]),
    }),
  ]);
  return secret;
}

function usable(tokenHash: string, purpose: EmailTokenPurpose) {
  return and(
    eq(emailTokens.tokenHash, tokenHash),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, new Date()),
  );
}

/** The user a valid, unused token belongs to, without using it up. */
export async function peekEmailToken(
  deps: Deps,
  secret: string,
  purpose: EmailTokenPurpose,
): Promise<UserRow> {
  const row = await deps.db
    .select({ user: users })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(usable(await sha256Hex(secret), purpose))
    .get();
  if (!row) throw new AppError('invalid_token');
  return row.user;
}

/** Marks the token used and returns its user id; throws `invalid_token` if it cannot be used. */
export async function consumeEmailToken(
  deps: Deps,
  secret: string,
  purpose: EmailTokenPurpose,
): Promise<string> {
  const [row] = await deps.db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(usable(await sha256Hex(secret), purpose))
    .returning({ userId: emailTokens.userId });
  if (!row) throw new AppError('invalid_token');
  return row.userId;
}
