import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { securityAuditLog, sessions, users } from '../../workers/db/schema';
import { hashPassword } from '../../workers/domain/password-hash';
import { sha256Hex } from '../../workers/domain/secrets';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from '../../workers/services/auth/throttle';
import {
  call,
  expectError,
  expectInvalid,
  sessionFrom,
  uniqueEmail,
  uniqueIp,
} from './support/api';
import { db, insertUser, PASSWORD, userByEmail } from './support/fixtures';

const signin = (email: string, password: string, ip = uniqueIp(), userAgent = 'vitest/1.0') =>
  call('/api/v1/auth/signin', {
    body: { email, password },
    ip,
    headers: { 'user-agent': userAgent },
  });

describe('POST /api/v1/auth/signin', () => {
  it('starts a session: __Host- cookie, hashed session row, me body, audit row', async () => {
    const user = await insertUser();
    const ip = uniqueIp();
    const res = await signin(user.email.toUpperCase(), PASSWORD, ip, 'Mozilla/5.0 test');
    expect(res.status).toBe(200);

    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-bulwark_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=43200');
    expect(cookie).not.toMatch(/Domain=/i);

    const body = (await res.json()) as Record<string, Record<string, unknown>>;
    expect(body.user).toMatchObject({ email: user.email, role: 'administrator', isPrimary: true });
    expect(body.account).toMatchObject({
      id: user.accountId,
      region: 'eu-ie',
      regionName: 'EU (Ireland)',
      status: 'trial',
    });
    expect(body.principal).toEqual({ kind: 'session' });

    const secret = sessionFrom(res);
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(await sha256Hex(secret));
    expect(rows[0]).toMatchObject({ ip, userAgent: 'Mozilla/5.0 test' });

    const audit = await db
      .select()
      .from(securityAuditLog)
      .where(eq(securityAuditLog.userId, user.userId));
    expect(audit).toEqual([
      expect.objectContaining({
        event: 'signin',
        outcome: 'success',
        ip,
        userAgent: 'Mozilla/5.0 test',
        email: user.email,
        accountId: user.accountId,
      }),
    ]);
    expect((await userByEmail(user.email))?.lastSignInAt).toBeInstanceOf(Date);
  });

  it('gives the same 401 for a wrong password and an unknown email, and audits both', async () => {
    const user = await insertUser();
    const ip = uniqueIp();
    const wrong = await signin(user.email, 'Not-the-password-42', ip);
    const wrongBody = await expectError(wrong, 401, 'invalid_credentials');
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await signin(unknownEmail, 'Not-the-password-42', ip);
    const unknownBody = await expectError(unknown, 401, 'invalid_credentials');
    expect(unknownBody.error.message).toBe(wrongBody.error.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const audit = await db.select().from(securityAuditLog).where(eq(securityAuditLog.ip, ip));
    expect(audit.map((a) => [a.email, a.outcome, a.reason, a.accountId])).toEqual(
      expect.arrayContaining([
        [user.email, 'failure', 'wrong_password', user.accountId],
        [unknownEmail, 'failure', 'unknown_email', null],
      ]),
    );
  });

  it('does the same hashing work for an unknown email, a user without password and a wrong password', async () => {
    const user = await insertUser();
    const passwordless = await insertUser();
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, passwordless.userId));

    // Deterministic stand-in for "similar timing": count the PBKDF2 derivations each
    // sign-in runs, and their cost. Without the dummy derivation unknown addresses would
    // run none.
    const derivations = async (email: string) => {
      const spy = vi.spyOn(crypto.subtle, 'deriveBits');
      try {
        await expectError(await signin(email, 'Not-the-password-42'), 401, 'invalid_credentials');
        return spy.mock.calls.map(([algorithm]) => {
          const { name, hash, iterations } = algorithm as SubtleCryptoDeriveKeyAlgorithm;
          return { name, hash, iterations };
        });
      } finally {
        spy.mockRestore();
      }
    };
    const one = [{ name: 'PBKDF2', hash: 'SHA-256', iterations: 100_000 }];
    expect(await derivations(uniqueEmail('nobody'))).toEqual(one);
    expect(await derivations(passwordless.email)).toEqual(one);
    expect(await derivations(user.email)).toEqual(one);
  });

  it('tells an unconfirmed user to activate, only after the right password', async () => {
    const user = await insertUser({ confirmed: false });
    await expectError(await signin(user.email, 'Not-the-password-42'), 401, 'invalid_credentials');
    await expectError(await signin(user.email, PASSWORD), 403, 'email_not_confirmed');
  });

  it('upgrades a hash stored with older parameters', async () => {
    const passwordHash = await hashPassword(PASSWORD, { iterations: 1_000 });
    const user = await insertUser({ passwordHash });
    expect((await signin(user.email, PASSWORD)).status).toBe(200);
    const stored = (await userByEmail(user.email))?.passwordHash ?? '';
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await signin(user.email, PASSWORD)).status).toBe(200);
  });

  it('rotates: signing in again with a session cookie ends the old session', async () => {
    const user = await insertUser();
    const first = sessionFrom(await signin(user.email, PASSWORD));
    const res = await call('/api/v1/auth/signin', {
      body: { email: user.email, password: PASSWORD },
      session: first,
      ip: uniqueIp(),
    });
    const second = sessionFrom(res);
    expect(second).not.toBe(first);
    await expectError(await call('/api/v1/me', { session: first }), 401, 'unauthenticated');
    expect((await call('/api/v1/me', { session: second })).status).toBe(200);
  });

  it('validates the body', async () => {
    await expectInvalid(
      await call('/api/v1/auth/signin', { body: { password: PASSWORD } }),
      'email',
    );
    await expectInvalid(
      await call('/api/v1/auth/signin', { body: { email: 'nope', password: PASSWORD } }),
      'email',
    );
    await expectInvalid(
      await call('/api/v1/auth/signin', { body: { email: 'a@b.example' } }),
      'password',
    );
    await expectInvalid(
      await call('/api/v1/auth/signin', { body: { email: 'a@b.example', password: '' } }),
      'password',
    );
    await expectInvalid(
      await call('/api/v1/auth/signin', {
        body: { email: 'a@b.example', password: 'p'.repeat(1025) },
      }),
      'password',
    );
  });

  it('refuses a sign-in form posted from another site (login CSRF)', async () => {
    const user = await insertUser();
    const res = await call('/api/v1/auth/signin', {
      body: { email: user.email, password: PASSWORD },
      origin: 'https://evil.example',
    });
    await expectError(res, 403, 'cross_site_request');
  });
});

describe('sign-in throttling', () => {
  it(`locks an address after ${MAX_FAILURES_PER_EMAIL} failures, from any IP, even for the right password`, async () => {
    const user = await insertUser();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      await expectError(
        await signin(user.email, `Wrong-guess-${i}-xyz`),
        401,
        'invalid_credentials',
      );
    }
    const locked = await signin(user.email, PASSWORD);
    await expectError(locked, 429, 'too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    const throttled = await db
      .select()
      .from(securityAuditLog)
      .where(
        and(eq(securityAuditLog.email, user.email), eq(securityAuditLog.outcome, 'throttled')),
      );
    expect(throttled).toHaveLength(1);

    // Unknown addresses are locked the same way, so a 429 reveals nothing.
    const nobody = uniqueEmail('ghost');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await signin(nobody, `Wrong-guess-${i}-xyz`);
    await expectError(await signin(nobody, PASSWORD), 429, 'too_many_attempts');
  });

  it(`counts parallel attempts before checking them: ${MAX_FAILURES_PER_EMAIL} + 5 at once on one address`, async () => {
    const user = await insertUser();
    const responses = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_EMAIL + 5 }, (_, i) =>
        signin(user.email, `Wrong-guess-${i}-xyz`),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([
      ...Array<number>(MAX_FAILURES_PER_EMAIL).fill(401),
      ...Array<number>(5).fill(429),
    ]);
    await expectError(await signin(user.email, PASSWORD), 429, 'too_many_attempts');
    const outcomes = await db
      .select({ outcome: securityAuditLog.outcome })
      .from(securityAuditLog)
      .where(eq(securityAuditLog.email, user.email));
    expect(outcomes.filter((o) => o.outcome === 'failure')).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(outcomes.filter((o) => o.outcome === 'throttled')).toHaveLength(6);
  });

  it(`counts parallel attempts before checking them: ${MAX_FAILURES_PER_IP} + 5 at once from one IP`, async () => {
    const ip = uniqueIp();
    const responses = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_IP + 5 }, () =>
        signin(uniqueEmail('spray'), 'Summer-holiday-2024', ip),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([
      ...Array<number>(MAX_FAILURES_PER_IP).fill(401),
      ...Array<number>(5).fill(429),
    ]);
  });

  it('reopens when the window has passed', async () => {
    const user = await insertUser();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++)
      await signin(user.email, `Wrong-guess-${i}-xyz`);
    await expectError(await signin(user.email, PASSWORD), 429, 'too_many_attempts');
    await db.run(
      `UPDATE login_throttle SET window_started_at = ${Date.now() - 16 * 60 * 1000} WHERE key = 'email:${user.email}'`,
    );
    expect((await signin(user.email, PASSWORD)).status).toBe(200);
  });

  it('a success clears the address counter', async () => {
    const user = await insertUser();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++)
      await signin(user.email, `Wrong-guess-${i}-xyz`);
    expect((await signin(user.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++)
      await signin(user.email, `Wrong-guess-${i}-xyz`);
    expect((await signin(user.email, PASSWORD)).status).toBe(200);
  });

  it(`locks a client IP after ${MAX_FAILURES_PER_IP} failures across addresses`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await expectError(
        await signin(uniqueEmail('spray'), 'Summer-holiday-2024', ip),
        401,
        'invalid_credentials',
      );
    }
    const user = await insertUser();
    const res = await signin(user.email, PASSWORD, ip);
    await expectError(res, 429, 'too_many_attempts');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same user from another network is unaffected.
    expect((await signin(user.email, PASSWORD)).status).toBe(200);
  });

  it('does not count successful sign-ins against the client IP (an office behind one NAT)', async () => {
    const ip = uniqueIp();
    const user = await insertUser();
    for (let i = 0; i < MAX_FAILURES_PER_IP + 1; i++) {
      expect((await signin(user.email, PASSWORD, ip)).status).toBe(200);
    }
    await expectError(
      await signin(user.email, 'Wrong-guess-1-xyz', ip),
      401,
      'invalid_credentials',
    );
  });

  it('counts requests without CF-Connecting-IP in one "unknown" bucket', async () => {
    const email = uniqueEmail('noip');
    await call('/api/v1/auth/signin', { body: { email, password: 'Wrong-guess-1-xyz' } });
    const row = await db.run(`SELECT failures FROM login_throttle WHERE key = 'ip:unknown'`);
    expect(row.results.length).toBe(1);
    expect((await db.select().from(users).where(eq(users.email, email))).length).toBe(0);
  });
});
