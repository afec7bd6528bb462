import { and, eq, lt, ne, or } from 'drizzle-orm';
import { accounts, sessions, users } from '../../db/schema';
import type { UserRow } from '../../db/client';
import { permissionsOfUser } from '../../domain/permissions';
import { randomSecret, sha256Hex } from '../../domain/secrets';
import type { Deps } from '../deps';
import type { Principal } from './principal';

/**
 * Portal sessions. The cookie holds a 256-bit random secret; the row holds its SHA-256, so
 * a copy of the database cannot be replayed as cookies. A session ends after 2 hours
 * without use (idle) and 12 hours after sign-in (absolute), whichever comes first.
 */

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often: one D1 write per minute, not per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

export interface NewSession {
  id: string;
  secret: string;
  maxAgeSeconds: number;
}

export async function createSession(deps: Deps, user: UserRow): Promise<NewSession> {
  const secret = randomSecret();
  const now = Date.now();
  const id = crypto.randomUUID();
  await deps.db.insert(sessions).values({
    id,
    tokenHash: await sha256Hex(secret),
    userId: user.id,
    accountId: user.accountId,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
    ip: deps.request.ip,
    userAgent: deps.request.userAgent,
  });
  return { id, secret, maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000 };
}

/** The principal for a cookie secret, or null when unknown, expired or idle too long. */
export async function resolveSession(deps: Deps, secret: string): Promise<Principal | null> {
  const tokenHash = await sha256Hex(secret);
  const row = await deps.db
    .select({ session: sessions, user: users, account: accounts })
    .from(sessions)
    // The user must still belong to the session's account (as for API tokens): a session
    // never carries a user into another account's data.
    .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.accountId, sessions.accountId)))
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, tokenHash))
    .get();
  if (!row) return null;

  const now = Date.now();
  const lastSeen = row.session.lastSeenAt.getTime();
  if (row.session.expiresAt.getTime() <= now || lastSeen + SESSION_IDLE_MS <= now) {
    await deps.db.delete(sessions).where(eq(sessions.id, row.session.id));
    return null;
  }
  if (now - lastSeen >= SESSION_TOUCH_INTERVAL_MS) {
    await deps.db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, row.session.id));
  }
  return {
    kind: 'session',
    accountId: row.account.id,
    userId: row.user.id,
    user: row.user,
    account: row.account,
    permissions: permissionsOfUser(row.user.role, row.user.permissions),
    sessionId: row.session.id,
  };
}

export async function deleteSessionBySecret(deps: Deps, secret: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(secret)));
}

export async function deleteSession(deps: Deps, sessionId: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere, optionally keeping the session that asked. */
export async function revokeUserSessions(
  deps: Deps,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  await deps.db
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
        : eq(sessions.userId, userId),
    );
}

/** Housekeeping for the cron sweep: drops sessions past either limit. */
export async function purgeExpiredSessions(deps: Pick<Deps, 'db'>): Promise<void> {
  const now = Date.now();
  await deps.db
    .delete(sessions)
    .where(
      or(
        lt(sessions.expiresAt, new Date(now)),
        lt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS)),
      ),
    );
}
