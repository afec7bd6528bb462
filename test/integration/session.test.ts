import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailTokens, loginThrottle, sessions, users } from '../../workers/db/schema';
import { sha256Hex } from '../../workers/domain/secrets';
import worker from '../../workers/index';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../workers/services/auth/sessions';
import { call, COOKIE_NAME, expectError } from './support/api';
import { db, insertUser, signIn } from './support/fixtures';

describe('GET /api/v1/me', () => {
  it('describes the signed-in user, account and principal', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const res = await call('/api/v1/me', { session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: { permissions: string[] };
      account: Record<string, unknown>;
      principal: unknown;
    };
    expect(body).toMatchObject({
      user: {
        id: user.userId,
        email: user.email,
        firstName: 'Test',
        lastName: 'User',
        role: 'administrator',
        isPrimary: true,
      },
      account: {
        id: user.accountId,
        name: 'Test Company',
        region: 'eu-ie',
        regionName: 'EU (Ireland)',
      },
      principal: { kind: 'session' },
    });
    expect(body.user.permissions).toContain('backups.exchange.execute');
    expect(body.account.trialEndsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('needs a session: none, garbage, idle-expired and absolute-expired all get 401', async () => {
    await expectError(await call('/api/v1/me'), 401, 'unauthenticated');
    await expectError(
      await call('/api/v1/me', { session: 'x'.repeat(43) }),
      401,
      'unauthenticated',
    );

    const user = await insertUser();
    const idle = await signIn(user);
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) })
      .where(eq(sessions.userId, user.userId));
    const idleRes = await call('/api/v1/me', { session: idle });
    await expectError(idleRes, 401, 'unauthenticated');
    // The stale cookie is cleared and the row is gone.
    expect(idleRes.headers.get('set-cookie')).toMatch(new RegExp(`^${COOKIE_NAME}=;.*Max-Age=0`));
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.userId))).toHaveLength(
      0,
    );

    const old = await signIn(user);
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.userId));
    await expectError(await call('/api/v1/me', { session: old }), 401, 'unauthenticated');
  });

  it('stops working when its user no longer belongs to the session’s account', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const elsewhere = await insertUser();
    await db.update(users).set({ accountId: elsewhere.accountId }).where(eq(users.id, user.userId));
    await expectError(await call('/api/v1/me', { session }), 401, 'unauthenticated');
  });

  it('records activity at most once a minute and never beyond the absolute limit', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const row = async () =>
      (await db.select().from(sessions).where(eq(sessions.userId, user.userId)).get())!;
    const created = await row();
    expect(created.expiresAt.getTime() - created.createdAt.getTime()).toBe(SESSION_ABSOLUTE_MS);

    await call('/api/v1/me', { session });
    expect((await row()).lastSeenAt.getTime()).toBe(created.lastSeenAt.getTime());

    const earlier = new Date(Date.now() - 5 * 60 * 1000);
    await db.update(sessions).set({ lastSeenAt: earlier }).where(eq(sessions.id, created.id));
    await call('/api/v1/me', { session });
    const touched = await row();
    expect(touched.lastSeenAt.getTime()).toBeGreaterThan(earlier.getTime());
    expect(touched.expiresAt.getTime()).toBe(created.expiresAt.getTime());
  });
});

describe('POST /api/v1/auth/signout', () => {
  it('deletes the session row and clears the cookie', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const res = await call('/api/v1/auth/signout', { method: 'POST', session });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^${COOKIE_NAME}=;.*Max-Age=0`));
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.userId))).toHaveLength(
      0,
    );
    await expectError(await call('/api/v1/me', { session }), 401, 'unauthenticated');
  });

  it('needs a principal', async () => {
    await expectError(
      await call('/api/v1/auth/signout', { method: 'POST' }),
      401,
      'unauthenticated',
    );
  });
});

describe('cross-site request refusal (cookie-authenticated writes)', () => {
  it('refuses a foreign Origin and a missing Origin when the session cookie is sent', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const patch = (origin: string | null) =>
      call('/api/v1/account', { method: 'PATCH', body: { name: 'Hijacked' }, session, origin });
    await expectError(await patch('https://evil.example'), 403, 'cross_site_request');
    await expectError(await patch(null), 403, 'cross_site_request');
    await expectError(await patch('http://bulwark.test'), 403, 'cross_site_request');
    await expectError(
      await call('/api/v1/auth/signout', { method: 'POST', session, origin: null }),
      403,
      'cross_site_request',
    );
    expect((await call('/api/v1/me', { session })).status).toBe(200); // reads are fine
    const ok = await patch('https://bulwark.test');
    expect(ok.status).toBe(200);
  });
});

describe('response conventions', () => {
  it('puts X-Request-Id and security headers on successes, errors and 404s', async () => {
    const responses = [
      await call('/api/v1/health'),
      await call('/api/v1/me'),
      await call('/api/v1/no-such-thing'),
      await call('/api/v1/auth/signin', { body: {} }),
    ];
    const ids = new Set<string>();
    for (const res of responses) {
      const id = res.headers.get('x-request-id') ?? '';
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      ids.add(id);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(ids.size).toBe(responses.length);
  });

  it('answers unknown API paths with the error shape', async () => {
    const body = await expectError(await call('/api/v1/no-such-thing'), 404, 'not_found');
    expect(Object.keys(body)).toEqual(['error']);
  });

  it('refuses oversized bodies', async () => {
    const res = await call('/api/v1/auth/signin', {
      raw: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    await expectError(res, 413, 'payload_too_large');
  });

  it('lists the datacenter regions publicly', async () => {
    const res = await call('/api/v1/regions');
    expect(res.status).toBe(200);
    const { regions } = (await res.json()) as { regions: { code: string; name: string }[] };
    expect(regions.map((r) => r.code)).toEqual([
      'us',
      'ca',
      'eu-ie',
      'eu-de',
      'eu-fr',
      'uk',
      'au',
      'jp',
      'in',
      'za',
    ]);
    expect(regions.find((r) => r.code === 'za')?.name).toBe('South Africa');
  });
});

describe('cron sweep', () => {
  it('drops expired sessions, used or expired email links and stale throttle counters', async () => {
    const user = await insertUser();
    const live = await signIn(user);
    const stale = await signIn(user);
    const now = Date.now();
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now - SESSION_IDLE_MS - 1000) })
      .where(eq(sessions.tokenHash, await sha256Hex(stale)));
    const token = (expiresAt: number, usedAt: number | null) => ({
      id: crypto.randomUUID(),
      userId: user.userId,
      purpose: 'password_reset' as const,
      tokenHash: crypto.randomUUID(),
      createdAt: new Date(now),
      expiresAt: new Date(expiresAt),
      usedAt: usedAt === null ? null : new Date(usedAt),
    });
    const keep = token(now + 60_000, null);
    await db.insert(emailTokens).values([keep, token(now - 1, null), token(now + 60_000, now)]);
    await db.insert(loginThrottle).values([
      { key: `ip:sweep-old-${now}`, windowStartedAt: new Date(now - 60 * 60 * 1000), failures: 3 },
      { key: `ip:sweep-new-${now}`, windowStartedAt: new Date(now), failures: 3 },
    ]);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);

    const remaining = await db.select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(remaining.map((r) => r.tokenHash)).toEqual([await sha256Hex(live)]);
    const tokens = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.userId));
    expect(tokens.map((t) => t.id)).toEqual([keep.id]);
    const counters = (await db.select().from(loginThrottle)).map((r) => r.key);
    expect(counters).toContain(`ip:sweep-new-${now}`);
    expect(counters).not.toContain(`ip:sweep-old-${now}`);
  });
});
