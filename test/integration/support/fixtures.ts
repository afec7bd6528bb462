import { env } from 'cloudflare:workers';
import { desc, eq } from 'drizzle-orm';
import { createDb } from '../../../workers/db/client';
import { accounts, outboxMessages, sessions, users } from '../../../workers/db/schema';
import { hashPassword } from '../../../workers/domain/password-hash';
import type { Role } from '../../../workers/domain/permissions';
import { randomSecret, sha256Hex } from '../../../workers/domain/secrets';
import { SESSION_ABSOLUTE_MS } from '../../../workers/services/auth/sessions';
import { call, sessionFrom, uniqueEmail, uniqueIp } from './api';

export const db = createDb(env.DB);
export const PASSWORD = 'Lantern-orchard-pebble-58';

// PBKDF2 at 100k iterations costs tens of milliseconds; hash each distinct password once.
const hashes = new Map<string, Promise<string>>();
export function hashOnce(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

export interface TestUser {
  accountId: string;
  userId: string;
  email: string;
  password: string;
}

/**
 * Inserts an account (unless `accountId` is given) and a user directly, the way user
 * management (a later issue) will: lets tests create custom-role users and unconfirmed ones.
 */
export async function insertUser(
  options: {
    accountId?: string;
    role?: Role;
    permissions?: string[];
    confirmed?: boolean;
    isPrimary?: boolean;
    password?: string;
    passwordHash?: string;
  } = {},
): Promise<TestUser> {
  const now = new Date();
  const accountId = options.accountId ?? crypto.randomUUID();
  if (!options.accountId) {
    await db.insert(accounts).values({
      id: accountId,
      name: 'Test Company',
      region: 'eu-ie',
      status: 'trial',
      trialEndsAt: new Date(now.getTime() + 14 * 86_400_000),
      createdAt: now,
    });
  }
  const password = options.password ?? PASSWORD;
  const user = {
    accountId,
    userId: crypto.randomUUID(),
    email: uniqueEmail(options.role ?? 'admin'),
    password,
  };
  await db.insert(users).values({
    id: user.userId,
    accountId,
    email: user.email,
    firstName: 'Test',
    lastName: 'User',
    role: options.role ?? 'administrator',
    permissions: options.permissions ?? [],
    isPrimary: options.isPrimary ?? !options.accountId,
    passwordHash: options.passwordHash ?? (await hashOnce(password)),
    emailConfirmedAt: options.confirmed === false ? null : now,
    createdAt: now,
  });
  return user;
}

/** Signs in through the API and returns the session secret. */
export async function signIn(user: Pick<TestUser, 'email' | 'password'>): Promise<string> {
  const res = await call('/api/v1/auth/signin', {
    body: { email: user.email, password: user.password },
    ip: uniqueIp(),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return sessionFrom(res);
}

/**
 * A session row written directly (no sign-in, no PBKDF2), optionally already past its
 * absolute or idle limit; returns the cookie secret.
 */
export async function insertSession(
  user: Pick<TestUser, 'accountId' | 'userId'>,
  times: { expiresAt?: Date; lastSeenAt?: Date } = {},
): Promise<string> {
  const secret = randomSecret();
  const now = Date.now();
  await db.insert(sessions).values({
    id: crypto.randomUUID(),
    tokenHash: await sha256Hex(secret),
    userId: user.userId,
    accountId: user.accountId,
    createdAt: new Date(now),
    lastSeenAt: times.lastSeenAt ?? new Date(now),
    expiresAt: times.expiresAt ?? new Date(now + SESSION_ABSOLUTE_MS),
  });
  return secret;
}

/** Creates an API token through the API (with a session) and returns its secret and id. */
export async function createToken(
  session: string,
  scopes: string[],
  expiresInDays = 30,
): Promise<{ id: string; secret: string }> {
  const res = await call('/api/v1/tokens', {
    session,
    body: { name: 'test token', scopes, expiresInDays },
  });
  if (res.status !== 201)
    throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: { id: string }; secret: string };
  return { id: body.token.id, secret: body.secret };
}

export async function mailsTo(email: string) {
  return db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.to, email))
    .orderBy(desc(outboxMessages.createdAt));
}

/** The token query parameter of the first link in a mail's text part. */
export function tokenFromMail(text: string, path: string): string {
  const match = new RegExp(`https://bulwark\\.test${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in mail:\n${text}`);
  return match[1];
}

export async function userByEmail(email: string) {
  return db.select().from(users).where(eq(users.email, email)).get();
}
