import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ApiTokenRow } from '../db/client';
import { accounts, apiTokens, users } from '../db/schema';
import {
  effectiveTokenPermissions,
  permissionsOfUser,
  scopesExceeding,
  type Permission,
} from '../domain/permissions';
import {
  API_TOKEN_DISPLAY_LENGTH,
  API_TOKEN_PATTERN,
  hmacSha256Hex,
  newApiTokenSecret,
} from '../domain/secrets';
import { AppError } from '../errors';
import { recordSecurityEvent } from './audit';
import type { Principal } from './auth/principal';
import type { Deps } from './deps';

/**
 * API tokens (A12): `Authorization: Bearer bwk_…` on the same API as the portal. Stored as
 * HMAC-SHA256 under the TOKEN_PEPPER secret, so the table alone (a backup, a leaked
 * export) cannot be used to authenticate. Tokens belong to the user who created them and
 * act with their scopes ∩ that user's permissions at the time of each request.
 */

/** last_used_at is written at most once a minute per token. */
export const TOKEN_TOUCH_INTERVAL_MS = 60 * 1000;

export async function hashApiToken(deps: Pick<Deps, 'config'>, secret: string): Promise<string> {
  return hmacSha256Hex(deps.config.tokenPepper, secret);
}

/** The principal for a bearer secret, or null when malformed, unknown, revoked or expired. */
export async function resolveApiToken(deps: Deps, secret: string): Promise<Principal | null> {
  if (!API_TOKEN_PATTERN.test(secret)) return null;
  const row = await deps.db
    .select({ token: apiTokens, user: users, account: accounts })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.accountId, apiTokens.accountId)))
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(eq(apiTokens.tokenHash, await hashApiToken(deps, secret)))
    .get();
  const now = Date.now();
  if (!row || row.token.revokedAt || row.token.expiresAt.getTime() <= now) return null;

  // Most requests come within the interval: decided from the row already read, so they
  // cost no write. The condition is repeated in SQL for concurrent requests.
  const lastUsed = row.token.lastUsedAt?.getTime();
  if (lastUsed === undefined || now - lastUsed > TOKEN_TOUCH_INTERVAL_MS) {
    await deps.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(
        and(
          eq(apiTokens.id, row.token.id),
          or(
            isNull(apiTokens.lastUsedAt),
            lt(apiTokens.lastUsedAt, new Date(now - TOKEN_TOUCH_INTERVAL_MS)),
          ),
        ),
      );
  }
  const userPermissions = permissionsOfUser(row.user.role, row.user.permissions);
  return {
    kind: 'token',
    accountId: row.account.id,
    userId: row.user.id,
    user: row.user,
    account: row.account,
    permissions: effectiveTokenPermissions(userPermissions, row.token.scopes),
    token: { id: row.token.id, scopes: row.token.scopes },
  };
}

export interface CreateTokenInput {
  name: string;
  scopes: Permission[];
  expiresInDays: number;
}

export async function createApiToken(
  actor: Principal,
  deps: Deps,
  input: CreateTokenInput,
): Promise<{ token: ApiTokenRow; secret: string }> {
  const excess = scopesExceeding(actor.permissions, input.scopes);
  if (excess.length > 0) {
    throw new AppError(
      'forbidden',
      `You cannot grant scopes you do not hold: ${excess.join(', ')}.`,
    );
  }
  const secret = newApiTokenSecret();
  const now = Date.now();
  const token: ApiTokenRow = {
    id: crypto.randomUUID(),
    accountId: actor.accountId,
    userId: actor.userId,
    name: input.name,
    prefix: secret.slice(0, API_TOKEN_DISPLAY_LENGTH),
    tokenHash: await hashApiToken(deps, secret),
    scopes: [...new Set(input.scopes)],
    createdAt: new Date(now),
    expiresAt: new Date(now + input.expiresInDays * 24 * 60 * 60 * 1000),
    lastUsedAt: null,
    revokedAt: null,
  };
  await deps.db.insert(apiTokens).values(token);
  await recordSecurityEvent(deps, {
    event: 'api_token_created',
    outcome: 'success',
    reason: token.id,
    accountId: actor.accountId,
    userId: actor.userId,
    email: actor.user.email,
  });
  return { token, secret };
}

/** The caller's own tokens (revoked and expired included, for the record), newest first. */
export async function listApiTokens(actor: Principal, deps: Deps): Promise<ApiTokenRow[]> {
  return deps.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.accountId, actor.accountId), eq(apiTokens.userId, actor.userId)))
    .orderBy(desc(apiTokens.createdAt), desc(sql`rowid`)); // rowid: insertion order breaks ties
}

/**
 * Revokes one of the caller's tokens; anyone else's (any account) is simply not found. An
 * API token may revoke only itself (a script retiring its own credential): revoking the
 * owner's other tokens needs a portal session, so a leaked token — even one without scopes —
 * cannot cut off every integration of its owner. The refusal is the same for any other id,
 * so it reveals nothing about which tokens exist.
 */
export async function revokeApiToken(actor: Principal, deps: Deps, tokenId: string): Promise<void> {
  if (actor.kind === 'token' && actor.token?.id !== tokenId) {
    throw new AppError(
      'forbidden',
      'An API token can only revoke itself; revoke other tokens from a portal session.',
    );
  }
  const owned = and(
    eq(apiTokens.id, tokenId),
    eq(apiTokens.accountId, actor.accountId),
    eq(apiTokens.userId, actor.userId),
  );
  const token = await deps.db
    .select({ revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(owned)
    .get();
  if (!token) throw new AppError('not_found', 'Token not found.');
  if (token.revokedAt) return; // already revoked: idempotent
  await deps.db.update(apiTokens).set({ revokedAt: new Date() }).where(owned);
  await recordSecurityEvent(deps, {
    event: 'api_token_revoked',
    outcome: 'success',
    reason: tokenId,
    accountId: actor.accountId,
    userId: actor.userId,
    email: actor.user.email,
  });
}
