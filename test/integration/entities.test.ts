import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { coordinatorStub } from '../../workers/backup/coordinator-stub';
import { backupRuns, protectedEntities } from '../../workers/db/schema';
import { entityPageQuery } from '../../workers/services/entities/list';
import { call, expectError } from './support/api';
import { insertEntities, insertEntity, insertTask, newOwner } from './support/backup';
import { createToken, db, insertSession, insertUser } from './support/fixtures';

interface EntityBody {
  id: string;
  name: string;
  email: string;
  status: string;
  licensed: boolean;
  purgeAfter: string | null;
  tags: Array<{ id: string }>;
}
interface Page {
  entities: EntityBody[];
  nextCursor: string | null;
  total: number;
}

async function page(session: string, taskId: string, query = ''): Promise<Page> {
  const res = await call(`/api/v1/tasks/${taskId}/entities${query}`, { session });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
}

function act(session: string, taskId: string, action: string, entityIds: string[]) {
  return call(`/api/v1/tasks/${taskId}/entities/actions`, {
    session,
    body: { action, entityIds },
  });
}

async function statusOf(id: string) {
  return db.select().from(protectedEntities).where(eq(protectedEntities.id, id)).get();
}

const N = 10_000;

describe('mailbox list at 10,000 mailboxes (B3)', () => {
  it('pages through every mailbox once, in (name, id) order, with the total', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    // One statement: names repeat (n % 4000) so the id tie-break is exercised.
    await env.DB.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?4)
       INSERT INTO protected_entities (id, account_id, task_id, external_id, name, email, licensed, status, created_at)
       SELECT lower(hex(randomblob(16))), ?1, ?2, 'ext-' || n, printf('User %05d', n % 4000),
              printf('user%05d@larkspur.example', n), n % 10 <> 0,
              CASE WHEN n % 3 = 0 THEN 'scheduled' ELSE 'not_active' END, ?3
       FROM seq`,
    )
      .bind(user.accountId, taskId, Date.now(), N)
      .run();

    const seen: EntityBody[] = [];
    let cursor: string | null = null;
    let requests = 0;
    do {
      const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const p = await page(session, taskId, query);
      expect(p.total).toBe(N);
      seen.push(...p.entities);
      cursor = p.nextCursor;
      requests += 1;
    } while (cursor);
    expect(requests).toBe(N / 200);
    expect(new Set(seen.map((e) => e.id)).size).toBe(N);
    const keys = seen.map((e) => `${e.name}\u0000${e.id}`);
    expect(keys).toEqual([...keys].sort());

    const filtered = await page(session, taskId, '?status=scheduled&licensing=unlicensed&limit=5');
    expect(filtered.total).toBe(333); // n ≡ 0 (mod 30)
    expect(filtered.entities.every((e) => e.status === 'scheduled' && !e.licensed)).toBe(true);
  });

  it('the page query reads an index range in order (no table scan, no sort)', async () => {
    const accountId = crypto.randomUUID();
    const plans: string[] = [];
    for (const filter of [
      { limit: 50 },
      { limit: 50, cursor: btoa(JSON.stringify(['User 01234', 'z'])) },
      { limit: 50, status: 'scheduled' as const },
      { limit: 50, search: 'user', licensing: 'licensed' as const },
    ]) {
      const { sql, params } = entityPageQuery(db, accountId, 'task', filter).toSQL();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const detail = plan.results.map((r) => r.detail).join(' | ');
      plans.push(detail);
      expect(detail, detail).toMatch(
        /SEARCH protected_entities USING INDEX entities_(list|status)_idx/,
      );
      expect(detail, detail).not.toMatch(/TEMP B-TREE|SCAN protected_entities/);
    }
    expect(plans[2]).toContain('entities_status_idx');
  });
});

describe('search and filters', () => {
  it('search matches part of the name or email, case-insensitively; LIKE wildcards are literal', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    await insertEntities(user.accountId, taskId, [
      { name: 'Amelia Hart', email: 'amelia.hart@larkspur.example' },
      { name: 'Ben Okafor', email: 'b.okafor@larkspur.example', licensed: false },
      { name: '100% Sales', email: 'sales@larkspur.example', mailboxType: 'shared' },
    ]);
    const names = async (q: string) => (await page(session, taskId, q)).entities.map((e) => e.name);
    expect(await names('?search=HART')).toEqual(['Amelia Hart']);
    expect(await names('?search=okafor%40')).toEqual(['Ben Okafor']);
    expect(await names('?search=%25')).toEqual(['100% Sales']);
    expect(await names('?search=_')).toEqual([]);
    expect(await names('?licensing=unlicensed')).toEqual(['Ben Okafor']);
    const bad = await call(`/api/v1/tasks/${taskId}/entities?limit=500`, { session });
    expect(bad.status).toBe(400);
    const badCursor = await call(`/api/v1/tasks/${taskId}/entities?cursor=nope`, { session });
    await expectError(badCursor, 400, 'validation_failed');
  });

  it('pages past names outside Latin-1 (the cursor carries the name as UTF-8)', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    await insertEntities(user.accountId, taskId, [
      { name: 'Łukasz Nowak', email: 'lukasz@larkspur.example' },
      { name: '山田 太郎', email: 'yamada@larkspur.example' },
      { name: 'Zoë Adams', email: 'zoe@larkspur.example' },
    ]);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const p = await page(session, taskId, query);
      names.push(...p.entities.map((e) => e.name));
      cursor = p.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Zoë Adams', 'Łukasz Nowak', '山田 太郎']);
  });
});

describe('actions (B4)', () => {
  it('activate, pause, delete with a 7-day grace, cancel delete restores the status', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    const [a, b] = await insertEntities(user.accountId, taskId, [
      { name: 'A' },
      { name: 'B', status: 'paused' },
    ]);
    let res = await act(session, taskId, 'activate', [a!, b!]);
    expect(await res.json()).toEqual({ updated: 2, runId: null });
    expect((await statusOf(a!))?.status).toBe('scheduled');
    expect((await statusOf(b!))?.status).toBe('scheduled');

    res = await act(session, taskId, 'pause', [a!]);
    expect(await res.json()).toEqual({ updated: 1, runId: null });
    expect((await statusOf(a!))?.status).toBe('paused');

    res = await act(session, taskId, 'delete', [a!, b!]);
    expect(await res.json()).toEqual({ updated: 2, runId: null });
    const deleted = await statusOf(a!);
    expect(deleted).toMatchObject({ status: 'pending_deletion', statusBeforeDeletion: 'paused' });
    const grace = (deleted?.purgeAfter?.getTime() ?? 0) - Date.now();
    expect(grace).toBeGreaterThan(6.9 * 86_400_000);
    expect(grace).toBeLessThanOrEqual(7 * 86_400_000);
    const listed = await page(session, taskId, '?status=pending_deletion');
    expect(listed.entities.every((e) => e.purgeAfter !== null)).toBe(true);

    res = await act(session, taskId, 'cancel_delete', [a!, b!]);
    expect(await res.json()).toEqual({ updated: 2, runId: null });
    expect(await statusOf(a!)).toMatchObject({
      status: 'paused',
      purgeAfter: null,
      statusBeforeDeletion: null,
    });
    expect((await statusOf(b!))?.status).toBe('scheduled');
  });

  it('unlicensed mailboxes are refused with a clear error and nothing changes', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    const [ok, unlicensed, shared] = await insertEntities(user.accountId, taskId, [
      { name: 'Licensed' },
      { name: 'Guest', licensed: false },
      { name: 'Shared', licensed: false, mailboxType: 'shared' },
    ]);
    const res = await act(session, taskId, 'activate', [ok!, unlicensed!]);
    const body = await expectError(res, 400, 'entity_not_activatable');
    expect(body.error.message).toContain('guest@larkspur.example');
    expect((await statusOf(ok!))?.status).toBe('not_active');
    const sharedRes = await act(session, taskId, 'activate', [shared!]);
    expect(await sharedRes.json()).toEqual({ updated: 1, runId: null });
  });

  it('backup now needs a connected task and the execute permission', async () => {
    const { user, session } = await newOwner();
    const pending = await insertTask(user.accountId, { connection: 'pending', tenantId: null });
    const id = await insertEntity(user.accountId, pending, 'A', 'scheduled');
    await expectError(await act(session, pending, 'backup_now', [id]), 400, 'task_not_connected');
    const viewer = await insertUser({
      accountId: user.accountId,
      role: 'custom',
      permissions: ['backups.view', 'backups.exchange.pause'],
    });
    const viewerSession = await insertSession(viewer);
    await expectError(await act(viewerSession, pending, 'backup_now', [id]), 403, 'forbidden');
    await expectError(await act(viewerSession, pending, 'activate', [id]), 403, 'forbidden');
    await expectError(await act(viewerSession, pending, 'delete', [id]), 403, 'forbidden');
    expect((await act(viewerSession, pending, 'pause', [id])).status).toBe(200);
  });

  it('backup now starts a manual run of the eligible mailboxes, shown in progress', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    const [active, inactive] = await insertEntities(user.accountId, taskId, [
      { name: 'Active', status: 'success' },
      { name: 'Inactive' },
    ]);
    const res = await act(session, taskId, 'backup_now', [active!, inactive!]);
    expect(res.status).toBe(200);
    const { updated, runId } = (await res.json()) as { updated: number; runId: string | null };
    expect(updated).toBe(1);
    expect(runId).toEqual(expect.any(String));
    try {
      const progress = await call(`/api/v1/tasks/${taskId}/progress`, { session });
      expect(progress.status).toBe(200);
      const { runs } = (await progress.json()) as {
        runs: Array<{ runId: string; trigger: string; startedAt: string }>;
      };
      expect(runs.find((r) => r.runId === runId)).toMatchObject({ trigger: 'manual' });
      const run = await db.select().from(backupRuns).where(eq(backupRuns.id, runId!)).get();
      expect(run).toMatchObject({ trigger: 'manual', initiator: user.email });
    } finally {
      // The mailbox is not in the simulated tenant: stop the run rather than let it fail.
      await coordinatorStub(env, user.accountId).cancelRun(user.accountId, runId!);
    }
  });

  it('another account’s task is 404 and its mailboxes are untouched by session or token', async () => {
    const owner = await newOwner();
    const taskId = await insertTask(owner.user.accountId);
    const theirs = await insertEntity(owner.user.accountId, taskId, 'Theirs');
    const stranger = await newOwner();
    const token = await createToken(stranger.session, ['backups.view', 'backups.exchange.delete']);
    const ownTask = await insertTask(stranger.user.accountId);
    for (const auth of [{ session: stranger.session }, { token: token.secret }]) {
      await expectError(await call(`/api/v1/tasks/${taskId}/entities`, auth), 404, 'not_found');
      await expectError(
        await call(`/api/v1/tasks/${taskId}/entities/actions`, {
          ...auth,
          body: { action: 'delete', entityIds: [theirs] },
        }),
        404,
        'not_found',
      );
      // Their mailbox id on one's own task: nothing matches.
      const res = await call(`/api/v1/tasks/${ownTask}/entities/actions`, {
        ...auth,
        body: { action: 'delete', entityIds: [theirs] },
      });
      expect(await res.json()).toEqual({ updated: 0, runId: null });
    }
    const rows = await db
      .select()
      .from(protectedEntities)
      .where(inArray(protectedEntities.id, [theirs]));
    expect(rows[0]?.status).toBe('not_active');
  });
});
