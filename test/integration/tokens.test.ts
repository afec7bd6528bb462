import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens, users } from '../../workers/db/schema';
import { hmacSha256Hex, sha256Hex } from '../../workers/domain/secrets';
import { call, expectError, expectInvalid } from './support/api';
import { createToken, db, insertUser, signIn } from './support/fixtures';

interface TokenBody {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

async function admin() {
  const user = await insertUser();
  return { user, session: await signIn(user) };
}

describe('POST /api/v1/tokens', () => {
  it('creates a token whose secret is shown once and stored only as an HMAC', async () => {
    const { user, session } = await admin();
    const res = await call('/api/v1/tokens', {
      session,
      body: {
        name: '  Nightly export  ',
        scopes: ['backups.view', 'account.settings.view'],
        expiresInDays: 30,
      },
    });
    expect(res.status).toBe(201);
    const { token, secret } = (await res.json()) as { token: TokenBody; secret: string };
    expect(secret).toMatch(/^bwk_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: 'Nightly export',
      prefix: secret.slice(0, 12),
      scopes: ['backups.view', 'account.settings.view'],
      lastUsedAt: null,
      revokedAt: null,
    });
    const days = (Date.parse(token.expiresAt) - Date.parse(token.createdAt)) / 86_400_000;
    expect(days).toBe(30);

    const row = await db.select().from(apiTokens).where(eq(apiTokens.id, token.id)).get();
    expect(row?.tokenHash).toBe(await hmacSha256Hex('local-development-pepper-not-secret', secret));
    expect(row?.tokenHash).not.toBe(await sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));
    expect(row).toMatchObject({ accountId: user.accountId, userId: user.userId });

    const list = (await (await call('/api/v1/tokens', { session })).json()) as {
      tokens: TokenBody[];
    };
    expect(JSON.stringify(list)).not.toContain(secret.slice(12));
  });

  it('validates name, scopes and expiry', async () => {
    const { session } = await admin();
    const create = (body: Record<string, unknown>) =>
      call('/api/v1/tokens', {
        session,
        body: { name: 'ok', scopes: [], expiresInDays: 7, ...body },
      });
    await expectInvalid(await create({ name: '' }), 'name');
    await expectInvalid(await create({ name: '   ' }), 'name');
    await expectInvalid(await create({ name: 'n'.repeat(101) }), 'name');
    await expectInvalid(await create({ scopes: ['backups.dropbox.execute'] }), 'scopes.0');
    await expectInvalid(await create({ scopes: 'backups.view' }), 'scopes');
    await expectInvalid(await create({ expiresInDays: 0 }), 'expiresInDays');
    await expectInvalid(await create({ expiresInDays: 366 }), 'expiresInDays');
    await expectInvalid(await create({ expiresInDays: 1.5 }), 'expiresInDays');
    await expectInvalid(await create({ expiresInDays: undefined }), 'expiresInDays');
    expect((await create({ expiresInDays: 1 })).status).toBe(201);
    expect((await create({ expiresInDays: 365 })).status).toBe(201);
  });

  it('refuses scopes beyond the creator’s own permissions', async () => {
    const admin0 = await insertUser();
    const custom = await insertUser({
      accountId: admin0.accountId,
      role: 'custom',
      permissions: ['backups.view'],
    });
    const session = await signIn(custom);
    const res = await call('/api/v1/tokens', {
      session,
      body: { name: 'too much', scopes: ['backups.view', 'billing.view'], expiresInDays: 7 },
    });
    const body = await expectError(res, 403, 'forbidden');
    expect(body.error.message).toContain('billing.view');
    expect((await createToken(session, ['backups.view'])).secret).toMatch(/^bwk_/);
  });

  it('cannot be called with an API token (a leaked token must not mint more)', async () => {
    const { session } = await admin();
    const token = await createToken(session, ['backups.view']);
    const res = await call('/api/v1/tokens', {
      token: token.secret,
      body: { name: 'child', scopes: [], expiresInDays: 365 },
    });
    await expectError(res, 403, 'forbidden');
  });

  it('needs a principal', async () => {
    const res = await call('/api/v1/tokens', { body: { name: 'x', scopes: [], expiresInDays: 1 } });
    await expectError(res, 401, 'unauthenticated');
  });
});

describe('Bearer tokens on the API', () => {
  it('authenticate /me as a token principal and record last use at most once a minute', async () => {
    const { user, session } = await admin();
    const token = await createToken(session, ['account.settings.view']);
    const res = await call('/api/v1/me', { token: token.secret });
    expect(res.status).toBe(200);
    const me = (await res.json()) as { user: { id: string }; principal: unknown };
    expect(me.user.id).toBe(user.userId);
    expect(me.principal).toEqual({ kind: 'token', scopes: ['account.settings.view'] });

    const lastUsed = async () =>
      (await db.select().from(apiTokens).where(eq(apiTokens.id, token.id)).get())?.lastUsedAt;
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await call('/api/v1/me', { token: token.secret });
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());

    const earlier = new Date(Date.now() - 2 * 60 * 1000);
    await db.update(apiTokens).set({ lastUsedAt: earlier }).where(eq(apiTokens.id, token.id));
    await call('/api/v1/me', { token: token.secret });
    expect((await lastUsed())?.getTime()).toBeGreaterThan(earlier.getTime());
  });

  it('act with scopes ∩ the user’s current permissions', async () => {
    const { user, session } = await admin();
    const token = await createToken(session, ['account.settings.view', 'account.settings.manage']);
    const rename = () =>
      call('/api/v1/account', {
        method: 'PATCH',
        token: token.secret,
        body: { name: 'Via token' },
      });
    expect((await rename()).status).toBe(200);

    // The user is narrowed to view-only: the token loses "manage" without being touched.
    await db
      .update(users)
      .set({ role: 'custom', permissions: ['account.settings.view'] })
      .where(eq(users.id, user.userId));
    await expectError(await rename(), 403, 'forbidden');
    expect((await call('/api/v1/account', { token: token.secret })).status).toBe(200);
  });

  it('are refused when malformed, unknown, expired or revoked — with the error shape', async () => {
    const { session } = await admin();
    const token = await createToken(session, []);
    const me = (secret: string) => call('/api/v1/me', { token: secret });

    const malformed = await me('not-a-token');
    await expectError(malformed, 401, 'unauthenticated');
    expect(malformed.headers.get('www-authenticate')).toContain('Bearer');
    await expectError(await me(`bwk_${'A'.repeat(43)}`), 401, 'unauthenticated');
    await expectError(
      await call('/api/v1/me', { headers: { authorization: `Basic ${btoa('a:b')}` } }),
      401,
      'unauthenticated',
    );

    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, token.id));
    await expectError(await me(token.secret), 401, 'unauthenticated');

    const live = await createToken(session, []);
    expect((await me(live.secret)).status).toBe(200);
    expect((await call(`/api/v1/tokens/${live.id}`, { method: 'DELETE', session })).status).toBe(
      204,
    );
    await expectError(await me(live.secret), 401, 'unauthenticated');
  });

  it('are not subject to the Origin check (scripts send none)', async () => {
    const { session } = await admin();
    const token = await createToken(session, ['account.settings.manage']);
    const res = await call('/api/v1/account', {
      method: 'PATCH',
      token: token.secret,
      body: { name: 'Scripted' },
      origin: null,
    });
    expect(res.status).toBe(200);
  });
});

describe('GET /api/v1/tokens and DELETE /api/v1/tokens/{id}', () => {
  it('lists the caller’s tokens newest first, including revoked ones', async () => {
    const { session } = await admin();
    const a = await createToken(session, ['backups.view']);
    const b = await createToken(session, []);
    await call(`/api/v1/tokens/${a.id}`, { method: 'DELETE', session });
    const res = await call('/api/v1/tokens', { session });
    expect(res.status).toBe(200);
    const { tokens } = (await res.json()) as { tokens: TokenBody[] };
    expect(tokens.map((t) => t.id)).toEqual([b.id, a.id]);
    expect(tokens[1]?.revokedAt).toMatch(/^\d{4}-/);
    expect(tokens[0]?.revokedAt).toBeNull();
    expect(Object.keys(tokens[0] ?? {}).sort()).toEqual(
      [
        'createdAt',
        'expiresAt',
        'id',
        'lastUsedAt',
        'name',
        'prefix',
        'revokedAt',
        'scopes',
      ].sort(),
    );
  });

  it('works with a token principal too (list, and revoke itself)', async () => {
    const { session } = await admin();
    const token = await createToken(session, []);
    expect((await call('/api/v1/tokens', { token: token.secret })).status).toBe(200);
    expect(
      (await call(`/api/v1/tokens/${token.id}`, { method: 'DELETE', token: token.secret })).status,
    ).toBe(204);
    await expectError(
      await call('/api/v1/tokens', { token: token.secret }),
      401,
      'unauthenticated',
    );
  });

  it('a token revokes only itself: its owner’s other tokens need a session', async () => {
    const { session } = await admin();
    const scopeless = await createToken(session, []);
    const powerful = await createToken(session, [
      'account.settings.view',
      'account.settings.manage',
    ]);
    const other = await createToken(session, []);
    for (const actor of [scopeless, powerful]) {
      const body = await expectError(
        await call(`/api/v1/tokens/${other.id}`, { method: 'DELETE', token: actor.secret }),
        403,
        'forbidden',
      );
      expect(body.error.message).toContain('portal session');
    }
    // Any id but its own gets the same answer, so nothing is revealed about other tokens.
    await expectError(
      await call(`/api/v1/tokens/${crypto.randomUUID()}`, {
        method: 'DELETE',
        token: scopeless.secret,
      }),
      403,
      'forbidden',
    );
    const row = await db.select().from(apiTokens).where(eq(apiTokens.id, other.id)).get();
    expect(row?.revokedAt).toBeNull();
    expect((await call('/api/v1/me', { token: other.secret })).status).toBe(200);
    expect((await call(`/api/v1/tokens/${other.id}`, { method: 'DELETE', session })).status).toBe(
      204,
    );
  });

  it('revoking twice is harmless', async () => {
    const { session } = await admin();
    const token = await createToken(session, []);
    expect((await call(`/api/v1/tokens/${token.id}`, { method: 'DELETE', session })).status).toBe(
      204,
    );
    expect((await call(`/api/v1/tokens/${token.id}`, { method: 'DELETE', session })).status).toBe(
      204,
    );
  });

  it('hides other accounts’ and other users’ tokens: 404, untouched', async () => {
    const mine = await admin();
    const theirs = await admin();
    const colleague = await insertUser({ accountId: mine.user.accountId });
    const foreign = await createToken(theirs.session, []);
    const colleagues = await createToken(await signIn(colleague), []);

    for (const id of [foreign.id, colleagues.id, crypto.randomUUID(), 'x'.repeat(64)]) {
      await expectError(
        await call(`/api/v1/tokens/${id}`, { method: 'DELETE', session: mine.session }),
        404,
        'not_found',
      );
    }
    const { tokens } = (await (await call('/api/v1/tokens', { session: mine.session })).json()) as {
      tokens: TokenBody[];
    };
    expect(tokens).toEqual([]);
    expect((await call('/api/v1/me', { token: foreign.secret })).status).toBe(200);
    expect((await call('/api/v1/me', { token: colleagues.secret })).status).toBe(200);
  });

  it('needs a principal and a same-origin request for cookie deletes', async () => {
    const { session } = await admin();
    const token = await createToken(session, []);
    await expectError(await call('/api/v1/tokens'), 401, 'unauthenticated');
    await expectError(
      await call(`/api/v1/tokens/${token.id}`, { method: 'DELETE' }),
      401,
      'unauthenticated',
    );
    await expectError(
      await call(`/api/v1/tokens/${token.id}`, {
        method: 'DELETE',
        session,
        origin: 'https://evil.example',
      }),
      403,
      'cross_site_request',
    );
    await expectInvalid(
      await call(`/api/v1/tokens/${'x'.repeat(65)}`, { method: 'DELETE', session }),
      'id',
    );
  });
});
