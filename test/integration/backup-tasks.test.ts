import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { protectedEntities, systemActivity } from '../../workers/db/schema';
import { entitiesDueForPurge } from '../../workers/services/backup-tasks/purge';
import { call, expectError, expectInvalid } from './support/api';
import { insertEntities, insertTask, newOwner } from './support/backup';
import { createToken, db, insertSession, insertUser } from './support/fixtures';

interface TaskBody {
  id: string;
  name: string;
  region: string;
  connection: string;
  settings: Record<string, unknown>;
  nextRunAt: string | null;
  counts: { total: number; byStatus: Record<string, number> };
}

async function getTask(session: string, id: string) {
  const res = await call(`/api/v1/tasks/${id}`, { session });
  expect(res.status).toBe(200);
  return ((await res.json()) as { task: TaskBody }).task;
}

describe('tasks and settings (B2)', () => {
  it('lists the account’s tasks with counts by status and default settings', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId, { name: 'Mail' });
    await insertEntities(user.accountId, taskId, [
      { name: 'A', status: 'scheduled' },
      { name: 'B', status: 'scheduled' },
      { name: 'C' },
    ]);
    const res = await call('/api/v1/tasks', { session });
    expect(res.status).toBe(200);
    const { tasks } = (await res.json()) as { tasks: TaskBody[] };
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      id: taskId,
      name: 'Mail',
      region: 'eu-ie',
      connection: 'connected',
      settings: {
        indexForSearch: true,
        autoActivate: false,
        archiveRetentionDays: 90,
        retentionDays: null,
        frequency: 'daily',
        backupHour: 1,
      },
      counts: { total: 3 },
    });
    expect(tasks[0]?.counts.byStatus).toMatchObject({ scheduled: 2, not_active: 1, paused: 0 });
  });

  it('PATCH saves settings and answers the task; invalid values are refused field by field', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    const res = await call(`/api/v1/tasks/${taskId}`, {
      method: 'PATCH',
      session,
      body: {
        name: ' Renamed ',
        frequency: 'three_times_daily',
        backupHour: 23,
        autoActivate: true,
        indexForSearch: false,
        archiveRetentionDays: 30,
      },
    });
    expect(res.status).toBe(200);
    const { task } = (await res.json()) as { task: TaskBody };
    expect(task.name).toBe('Renamed');
    expect(task.settings).toMatchObject({
      frequency: 'three_times_daily',
      backupHour: 23,
      autoActivate: true,
      indexForSearch: false,
      archiveRetentionDays: 30,
    });
    // Saving re-planned the schedule: the coordinator wrote the next run (on the hour, UTC).
    expect(task.nextRunAt).toEqual(expect.any(String));
    expect(new Date(task.nextRunAt!).getUTCMinutes()).toBe(0);
    const bad = await call(`/api/v1/tasks/${taskId}`, {
      method: 'PATCH',
      session,
      body: { backupHour: 24 },
    });
    await expectInvalid(bad, 'backupHour');
    const readOnly = await call(`/api/v1/tasks/${taskId}`, {
      method: 'PATCH',
      session,
      body: { retentionDays: 10 },
    });
    expect(readOnly.status).toBe(400);
  });

  it('POST /tasks validates the body', async () => {
    const { session } = await newOwner();
    await expectInvalid(
      await call('/api/v1/tasks', { session, body: { service: 'exchange', name: ' ' } }),
      'name',
    );
    await expectInvalid(
      await call('/api/v1/tasks', { session, body: { service: 'onedrive', name: 'x' } }),
      'service',
    );
  });

  it('another account’s task is 404 by session and by API token; its list is empty', async () => {
    const owner = await newOwner();
    const taskId = await insertTask(owner.user.accountId);
    const stranger = await newOwner();
    const token = await createToken(stranger.session, ['backups.view', 'backups.exchange.modify']);
    for (const auth of [{ session: stranger.session }, { token: token.secret }]) {
      await expectError(await call(`/api/v1/tasks/${taskId}`, auth), 404, 'not_found');
      await expectError(
        await call(`/api/v1/tasks/${taskId}`, { ...auth, method: 'PATCH', body: { name: 'x' } }),
        404,
        'not_found',
      );
      await expectError(
        await call(`/api/v1/tasks/${taskId}/discover`, { ...auth, method: 'POST' }),
        404,
        'not_found',
      );
      const list = await call('/api/v1/tasks', auth);
      expect(((await list.json()) as { tasks: unknown[] }).tasks).toEqual([]);
    }
    expect((await getTask(owner.session, taskId)).name).toBe('Exchange');
  });

  it('a custom user without modify cannot change settings', async () => {
    const owner = await newOwner();
    const taskId = await insertTask(owner.user.accountId);
    const viewer = await insertUser({
      accountId: owner.user.accountId,
      role: 'custom',
      permissions: ['backups.view'],
    });
    const session = await insertSession(viewer);
    expect((await call(`/api/v1/tasks/${taskId}`, { session })).status).toBe(200);
    await expectError(
      await call(`/api/v1/tasks/${taskId}`, { session, method: 'PATCH', body: { name: 'x' } }),
      403,
      'forbidden',
    );
  });
});

describe('discovery', () => {
  it('a pending task cannot be discovered yet', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId, { connection: 'pending', tenantId: null });
    await expectError(
      await call(`/api/v1/tasks/${taskId}/discover`, { session, method: 'POST' }),
      400,
      'task_not_connected',
    );
  });

  it('adds new mailboxes (auto-activated when on), refreshes names, archives vanished ones, records activity', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId, { autoActivate: true });
    const first = await call(`/api/v1/tasks/${taskId}/discover`, { session, method: 'POST' });
    expect(first.status).toBe(200);
    const r1 = (await first.json()) as Record<string, number>;
    expect(r1.added).toBe(r1.discovered);
    expect(r1.archived).toBe(0);
    expect(r1.activated).toBeGreaterThan(0);
    expect(r1.activated).toBeLessThan(r1.discovered ?? 0); // unlicensed users stay not_active

    const rows = await db
      .select()
      .from(protectedEntities)
      .where(eq(protectedEntities.taskId, taskId));
    for (const e of rows) {
      const activatable = e.licensed || e.mailboxType !== 'user';
      expect(e.status, e.name).toBe(activatable ? 'scheduled' : 'not_active');
    }
    // A renamed mailbox is refreshed; one gone from Microsoft 365 is archived (B10).
    const someone = rows.find((e) => e.licensed)!;
    await db
      .update(protectedEntities)
      .set({ name: 'Old name' })
      .where(eq(protectedEntities.id, someone.id));
    const [goneId] = await insertEntities(user.accountId, taskId, [
      { name: 'Departed', status: 'success' },
    ]);
    const second = await call(`/api/v1/tasks/${taskId}/discover`, { session, method: 'POST' });
    expect(await second.json()).toMatchObject({ added: 0, archived: 1, activated: 0 });
    const refreshed = await db
      .select()
      .from(protectedEntities)
      .where(eq(protectedEntities.id, someone.id))
      .get();
    expect(refreshed?.name).toBe(someone.name);
    const gone = await db
      .select()
      .from(protectedEntities)
      .where(eq(protectedEntities.id, goneId!))
      .get();
    expect(gone?.status).toBe('archived');
    expect(gone?.archivedAt).toBeInstanceOf(Date);

    const task = await getTask(session, taskId);
    expect(task.counts.byStatus.archived).toBe(1);
    const activity = await db
      .select()
      .from(systemActivity)
      .where(and(eq(systemActivity.taskId, taskId), eq(systemActivity.activity, 'discovery')));
    expect(activity).toHaveLength(2);
    expect(activity.every((a) => a.status === 'succeeded')).toBe(true);
  });

  it('entitiesDueForPurge: archived past the task’s retention, deleted past the grace', async () => {
    const { user } = await newOwner();
    const taskId = await insertTask(user.accountId, { archiveRetentionDays: 10 });
    const day = 86_400_000;
    const now = Date.now();
    const [oldArchived, newArchived, oldDeleted, newDeleted] = await insertEntities(
      user.accountId,
      taskId,
      [
        { name: 'a', status: 'archived', archivedAt: new Date(now - 11 * day) },
        { name: 'b', status: 'archived', archivedAt: new Date(now - 9 * day) },
        { name: 'c', status: 'pending_deletion', purgeAfter: new Date(now - 1000) },
        { name: 'd', status: 'pending_deletion', purgeAfter: new Date(now + day) },
      ],
    );
    const due = (await entitiesDueForPurge(db, new Date(now), 10_000)).filter(
      (d) => d.taskId === taskId,
    );
    expect(due.map((d) => [d.entityId, d.why]).sort()).toEqual(
      [
        [oldArchived, 'archived'],
        [oldDeleted, 'deleted'],
      ].sort(),
    );
    expect(due.map((d) => d.entityId)).not.toContain(newArchived);
    expect(due.map((d) => d.entityId)).not.toContain(newDeleted);
  });
});

describe('system activity (F1)', () => {
  it('lists the account’s rows newest first with keyset paging and filters; other accounts see none', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId, { name: 'Mail' });
    const otherTask = await insertTask(user.accountId, { name: 'Other' });
    for (let i = 0; i < 3; i++) {
      await db.insert(systemActivity).values({
        id: crypto.randomUUID(),
        accountId: user.accountId,
        taskId,
        taskName: 'Mail',
        activity: 'backup',
        service: 'exchange',
        subService: 'mail',
        status: 'succeeded',
        item: 'amelia@larkspur.example',
        records: i,
        description: `Mail completed ${i}`,
        createdAt: new Date(Date.now() - (3 - i) * 1000),
      });
    }
    await db.insert(systemActivity).values({
      id: crypto.randomUUID(),
      accountId: user.accountId,
      taskId: otherTask,
      activity: 'discovery',
      service: 'exchange',
      status: 'info',
      description: 'elsewhere',
    });
    type Rows = {
      rows: Array<{ description: string; taskName: string }>;
      nextCursor: string | null;
    };
    const get = async (q: string, s = session) =>
      (await (await call(`/api/v1/system-activity${q}`, { session: s })).json()) as Rows;
    const first = await get(`?taskId=${taskId}&limit=2`);
    expect(first.rows.map((r) => r.description)).toEqual(['Mail completed 2', 'Mail completed 1']);
    const second = await get(`?taskId=${taskId}&limit=2&cursor=${first.nextCursor}`);
    expect(second.rows.map((r) => r.description)).toEqual(['Mail completed 0']);
    expect(second.nextCursor).toBeNull();
    expect((await get('')).rows).toHaveLength(4);

    const stranger = await newOwner();
    expect((await get(`?taskId=${taskId}`, stranger.session)).rows).toEqual([]);
    await expectError(
      await call('/api/v1/system-activity?cursor=garbage', { session }),
      400,
      'validation_failed',
    );
  });
});
