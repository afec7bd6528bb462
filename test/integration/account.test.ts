import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, activityLog } from '../../workers/db/schema';
import { ALL_PERMISSIONS } from '../../workers/domain/permissions';
import { call, expectError, expectInvalid } from './support/api';
import { createToken, db, insertUser, signIn } from './support/fixtures';

describe('GET /api/v1/account', () => {
  it('returns the caller’s account', async () => {
    const user = await insertUser();
    const res = await call('/api/v1/account', { session: await signIn(user) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: user.accountId,
      name: 'Test Company',
      region: 'eu-ie',
      regionName: 'EU (Ireland)',
      status: 'trial',
    });
    expect(Object.keys(body).sort()).toEqual(
      ['createdAt', 'id', 'name', 'region', 'regionName', 'status', 'trialEndsAt'].sort(),
    );
  });

  it('needs account.settings.view', async () => {
    const owner = await insertUser();
    const viewer = await insertUser({
      accountId: owner.accountId,
      role: 'custom',
      permissions: ['account.settings.view'],
    });
    const nobody = await insertUser({
      accountId: owner.accountId,
      role: 'custom',
      permissions: ['backups.view'],
    });
    expect((await call('/api/v1/account', { session: await signIn(viewer) })).status).toBe(200);
    await expectError(
      await call('/api/v1/account', { session: await signIn(nobody) }),
      403,
      'forbidden',
    );
    await expectError(await call('/api/v1/account'), 401, 'unauthenticated');
  });
});

describe('PATCH /api/v1/account', () => {
  it('renames the account and logs who did it', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const res = await call('/api/v1/account', {
      method: 'PATCH',
      session,
      body: { name: '  Hopper Analytics  ' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: user.accountId, name: 'Hopper Analytics' });
    const log = await db
      .select()
      .from(activityLog)
      .where(eq(activityLog.accountId, user.accountId));
    expect(log).toEqual([
      expect.objectContaining({
        action: 'account.renamed',
        userId: user.userId,
        actorEmail: user.email,
        details: { from: 'Test Company', to: 'Hopper Analytics' },
      }),
    ]);
  });

  it('only touches the caller’s own account', async () => {
    const mine = await insertUser();
    const theirs = await insertUser();
    const session = await signIn(mine);
    // An id in the body is not an input: the account comes from the principal.
    await call('/api/v1/account', {
      method: 'PATCH',
      session,
      body: { name: 'Mine', id: theirs.accountId },
    });
    const other = await db.select().from(accounts).where(eq(accounts.id, theirs.accountId)).get();
    expect(other?.name).toBe('Test Company');
  });

  it('validates the name', async () => {
    const session = await signIn(await insertUser());
    const patch = (body: unknown) => call('/api/v1/account', { method: 'PATCH', session, body });
    await expectInvalid(await patch({ name: '' }), 'name');
    await expectInvalid(await patch({ name: '   ' }), 'name');
    await expectInvalid(await patch({ name: 'n'.repeat(101) }), 'name');
    await expectInvalid(await patch({}), 'name');
    expect((await patch({ name: 'n'.repeat(100) })).status).toBe(200);
  });

  it('needs account.settings.manage, for users and for tokens', async () => {
    const owner = await insertUser();
    const viewer = await insertUser({
      accountId: owner.accountId,
      role: 'custom',
      permissions: ['account.settings.view'],
    });
    const viewerSession = await signIn(viewer);
    await expectError(
      await call('/api/v1/account', {
        method: 'PATCH',
        session: viewerSession,
        body: { name: 'No' },
      }),
      403,
      'forbidden',
    );

    const ownerSession = await signIn(owner);
    const readOnly = await createToken(ownerSession, ['account.settings.view']);
    await expectError(
      await call('/api/v1/account', {
        method: 'PATCH',
        token: readOnly.secret,
        body: { name: 'No' },
      }),
      403,
      'forbidden',
    );
    const none = await createToken(ownerSession, []);
    await expectError(await call('/api/v1/account', { token: none.secret }), 403, 'forbidden');
    // /me needs no permission at all.
    expect((await call('/api/v1/me', { token: none.secret })).status).toBe(200);
  });
});

describe('GET /api/v1/permissions', () => {
  it('publishes the A9 matrix for the token-scope picker', async () => {
    const session = await signIn(await insertUser());
    const res = await call('/api/v1/permissions', { session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      operations: { id: string; label: string; group: string }[];
      services: { id: string; label: string }[];
      scopes: { id: string; label: string }[];
    };
    expect(body.services.map((s) => s.id)).toEqual([
      'exchange',
      'onedrive',
      'sharepoint',
      'teams_groups',
    ]);
    expect(body.operations.filter((o) => o.group === 'account')).toHaveLength(9);
    expect(body.operations.filter((o) => o.group === 'backup_tasks').map((o) => o.id)).toEqual([
      'activate',
      'modify',
      'delete',
      'pause',
      'execute',
    ]);
    expect(body.scopes.map((s) => s.id)).toEqual([...ALL_PERMISSIONS]);
    expect(body.operations.find((o) => o.id === 'security_audit.view')?.label).toBe(
      'View security audit',
    );
  });

  it('needs a principal', async () => {
    await expectError(await call('/api/v1/permissions'), 401, 'unauthenticated');
  });
});
