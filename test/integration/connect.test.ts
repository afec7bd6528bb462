import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { backupTasks, protectedEntities, systemActivity } from '../../workers/db/schema';
import { sha256Hex } from '../../workers/domain/secrets';
import { COOKIE_NAME } from './support/api';
import { db, insertSession, insertUser } from './support/fixtures';

/**
 * The admin-consent round trip against the simulated tenant. Requests go to a loopback
 * origin: the simulator (like Entra ID for loopback) accepts any localhost redirect URI.
 */
const PORTAL = 'http://localhost:8787';

function portal(path: string, session: string, init: { method?: string; body?: unknown } = {}) {
  const headers = new Headers({ cookie: `${COOKIE_NAME}=${session}` });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.method && init.method !== 'GET') headers.set('origin', PORTAL);
  return exports.default.fetch(
    new Request(`${PORTAL}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
}

interface TaskBody {
  id: string;
  connection: string;
  connectionError: string | null;
  tenantId: string | null;
  nextRunAt: string | null;
  counts: { total: number };
}

async function newTask(session: string, name = 'Larkspur mail') {
  const res = await portal('/api/v1/tasks', session, {
    method: 'POST',
    body: { service: 'exchange', name },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { task: TaskBody; consentUrl: string };
}

/** Microsoft's redirect back to the Worker (the callback URL). */
async function fromMicrosoft(consentUrl: string): Promise<string> {
  const res = await fetch(consentUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = res.headers.get('location') ?? '';
  expect(back.startsWith(`${PORTAL}/api/v1/connect/callback?`)).toBe(true);
  return back;
}

/** The browser's top-level GET back: its SameSite=Lax session cookie, no Origin. */
function callback(url: string, session?: string): Promise<Response> {
  const headers = new Headers();
  if (session) headers.set('cookie', `${COOKIE_NAME}=${session}`);
  return exports.default.fetch(new Request(url, { redirect: 'manual', headers }));
}

async function consent(consentUrl: string, session: string | undefined): Promise<Response> {
  return callback(await fromMicrosoft(consentUrl), session);
}

async function simTenant() {
  const res = await fetch(`${env.LOGIN_BASE_URL}/_sim/tenant`);
  return (await res.json()) as {
    id: string;
    users: Array<{ id: string; displayName: string; mailboxKind: string; licensed: boolean }>;
  };
}

async function taskRow(id: string) {
  return db.select().from(backupTasks).where(eq(backupTasks.id, id)).get();
}

async function owner() {
  const user = await insertUser();
  return { user, session: await insertSession(user) };
}

describe('connect a tenant (B1)', () => {
  it('creates a pending task and answers the admin-consent URL; only a hash of state is kept', async () => {
    const { session } = await owner();
    const { task, consentUrl } = await newTask(session);
    expect(task).toMatchObject({ connection: 'pending', tenantId: null, connectionError: null });
    const url = new URL(consentUrl);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${env.LOGIN_BASE_URL}/organizations/v2.0/adminconsent`,
    );
    expect(url.searchParams.get('client_id')).toBe(env.GRAPH_CLIENT_ID);
    expect(url.searchParams.get('scope')).toBe(`${env.GRAPH_BASE_URL}/.default`);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PORTAL}/api/v1/connect/callback`);
    const state = url.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(32);
    const row = await taskRow(task.id);
    expect(row?.consentStateHash).toBe(await sha256Hex(state));
    expect(JSON.stringify(row)).not.toContain(state);
    const ttl = (row?.consentStateExpiresAt?.getTime() ?? 0) - Date.now();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
  });

  it('consent → Connected, mailboxes discovered (licensed, unlicensed, shared, public folders), redirect to the task', async () => {
    const { session } = await owner();
    const { task, consentUrl } = await newTask(session);
    const res = await consent(consentUrl, session);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/tasks/${task.id}?connected=1`);

    const tenant = await simTenant();
    const after = (await (await portal(`/api/v1/tasks/${task.id}`, session)).json()) as {
      task: TaskBody;
    };
    expect(after.task).toMatchObject({
      connection: 'connected',
      tenantId: tenant.id,
      connectionError: null,
    });
    expect(after.task.counts.total).toBe(tenant.users.length);
    expect(after.task.nextRunAt).toEqual(expect.any(String));

    const entities = await db
      .select()
      .from(protectedEntities)
      .where(eq(protectedEntities.taskId, task.id));
    const byId = new Map(entities.map((e) => [e.externalId, e]));
    for (const u of tenant.users) {
      const e = byId.get(u.id);
      expect(e, u.displayName).toBeDefined();
      expect(e?.licensed).toBe(u.licensed);
      const type = { shared: 'shared', publicFolder: 'public_folders' }[u.mailboxKind] ?? 'user';
      expect(e?.mailboxType, u.displayName).toBe(type);
      expect(e?.status).toBe('not_active');
      if (u.mailboxKind === 'none') expect(e?.statusReason).toMatch(/unlicensed/i);
    }
    expect(entities.some((e) => e.mailboxType === 'shared')).toBe(true);
    expect(entities.some((e) => !e.licensed && e.mailboxType === 'user')).toBe(true);

    const activity = await db
      .select()
      .from(systemActivity)
      .where(eq(systemActivity.taskId, task.id));
    expect(activity.map((a) => `${a.activity}:${a.status}`).sort()).toEqual([
      'connect:succeeded',
      'discovery:succeeded',
    ]);
  });

  it('the consent link works once: a replayed callback changes nothing', async () => {
    const { session } = await owner();
    const { task, consentUrl } = await newTask(session);
    const back = await fromMicrosoft(consentUrl);
    await callback(back, session);
    const replay = await callback(back, session);
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toMatch(/^\/\?connectError=/);
    expect((await taskRow(task.id))?.connection).toBe('connected');
  });

  it('declined consent → Disconnected with the reason; reconnect gives a fresh URL that connects', async () => {
    const { session } = await owner();
    const { task, consentUrl } = await newTask(session);
    // sim_decline declines this one consent page only (the simulator is shared).
    const res = await consent(`${consentUrl}&sim_decline=1`, session);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`/tasks/${task.id}?connectError=`)).toBe(true);
    expect(decodeURIComponent(location)).toMatch(/declined/i);
    const row = await taskRow(task.id);
    expect(row).toMatchObject({ connection: 'disconnected', tenantId: null });
    expect(row?.connectionError).toMatch(/AADSTS65004/);

    const again = await portal(`/api/v1/tasks/${task.id}/reconnect`, session, { method: 'POST' });
    expect(again.status).toBe(200);
    const { consentUrl: fresh } = (await again.json()) as { consentUrl: string };
    expect(new URL(fresh).searchParams.get('state')).not.toBe(
      new URL(consentUrl).searchParams.get('state'),
    );
    const ok = await consent(fresh, session);
    expect(ok.headers.get('location')).toBe(`/tasks/${task.id}?connected=1`);
    expect(await taskRow(task.id)).toMatchObject({
      connection: 'connected',
      connectionError: null,
    });
  });

  it('an unknown or expired state redirects with an error and touches no task', async () => {
    const { session } = await owner();
    const { task, consentUrl } = await newTask(session);
    await db
      .update(backupTasks)
      .set({ consentStateExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(backupTasks.id, task.id));
    const res = await consent(consentUrl, session);
    expect(res.headers.get('location')).toMatch(/^\/\?connectError=/);
    expect((await taskRow(task.id))?.connection).toBe('pending');
    const forged = await callback(
      `${PORTAL}/api/v1/connect/callback?admin_consent=True&tenant=x&state=forged`,
      session,
    );
    expect(forged.headers.get('location')).toMatch(/^\/\?connectError=/);
  });

  it('the callback needs a portal session of the task’s account: a consent link sent to someone else connects nothing', async () => {
    const { user, session } = await owner();
    const other = await owner();
    // Same account, but not allowed to connect tasks.
    const viewer = await insertUser({
      accountId: user.accountId,
      role: 'custom',
      permissions: ['backups.view'],
    });
    for (const who of [undefined, other.session, await insertSession(viewer)]) {
      const { task, consentUrl } = await newTask(session);
      const res = await consent(consentUrl, who);
      expect(res.status).toBe(302);
      expect(decodeURIComponent(res.headers.get('location') ?? '')).toMatch(
        /^\/\?connectError=Sign in/,
      );
      expect(await taskRow(task.id)).toMatchObject({ connection: 'pending', tenantId: null });
    }
  });

  it('consent revoked later → the next discovery marks the task Disconnected with the reason', async () => {
    const { session } = await owner();
    const { task, consentUrl } = await newTask(session);
    await consent(consentUrl, session);
    expect((await taskRow(task.id))?.connection).toBe('connected');
    const setConsent = (granted: boolean) =>
      fetch(`${env.LOGIN_BASE_URL}/_sim/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ granted }),
      });
    let res: Response;
    try {
      expect((await setConsent(false)).status).toBe(200);
      res = await portal(`/api/v1/tasks/${task.id}/discover`, session, { method: 'POST' });
    } finally {
      await setConsent(true);
    }
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('task_not_connected');
    const row = await taskRow(task.id);
    expect(row?.connection).toBe('disconnected');
    expect(row?.connectionError).toMatch(/AADSTS700016/);
  });
});
