import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { entityCatalogName, type CatalogItemInput } from '../../workers/backup/types';
import { call, expectError } from './support/api';
import { insertEntity, insertSnapshot, insertTask, newOwner } from './support/backup';
import { createToken, insertSession, insertUser } from './support/fixtures';

const DAY = 86_400_000;

interface Detail {
  entity: { id: string; name: string };
  task: { id: string; name: string; service: string };
  subServices: Array<{
    subService: string;
    items: number;
    lastBackupAt: string | null;
    outcome: string | null;
    reason: string | null;
  }>;
  snapshots: Array<{ seq: number; items: number }>;
}
interface Daily {
  days: Array<{ day: string; total: number; bySubService: Record<string, number> }>;
}

async function mailboxWithHistory() {
  const owner = await newOwner();
  const taskId = await insertTask(owner.user.accountId, { name: 'Mail' });
  const entityId = await insertEntity(owner.user.accountId, taskId, 'Amelia', 'success');
  const now = Date.now();
  await insertSnapshot(owner.user.accountId, taskId, entityId, 1, new Date(now - 2 * DAY), {
    mail: { items: 100, added: 100 },
    contacts: { items: 10, added: 10 },
  });
  await insertSnapshot(owner.user.accountId, taskId, entityId, 2, new Date(now), {
    mail: { items: 104, added: 3, changed: 2, outcome: 'partial', reason: '1 item failed' },
  });
  return { owner, taskId, entityId };
}

describe('drill-down (C10)', () => {
  it('tiles per sub-service from the latest snapshots, snapshots newest first', async () => {
    const { owner, taskId, entityId } = await mailboxWithHistory();
    const res = await call(`/api/v1/entities/${entityId}`, { session: owner.session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Detail;
    expect(body.entity.name).toBe('Amelia');
    expect(body.task).toEqual({ id: taskId, name: 'Mail', service: 'exchange' });
    const tile = (s: string) => body.subServices.find((t) => t.subService === s);
    expect(tile('mail')).toMatchObject({ items: 104, outcome: 'partial', reason: '1 item failed' });
    expect(tile('contacts')).toMatchObject({ items: 10, outcome: 'succeeded' });
    expect(tile('notes')).toEqual({
      subService: 'notes',
      items: 0,
      lastBackupAt: null,
      outcome: null,
      reason: null,
    });
    expect(body.snapshots.map((s) => s.seq)).toEqual([2, 1]);
  });

  it('daily: one entry per UTC day from the mailbox’s catalog, zeros included', async () => {
    const { owner, entityId } = await mailboxWithHistory();
    const catalog = env.ENTITY_CATALOG.get(
      env.ENTITY_CATALOG.idFromName(entityCatalogName(owner.user.accountId, entityId)),
    );
    await catalog.syncFolders(1, 'mail', [
      { graphId: 'inbox', parentGraphId: null, name: 'Inbox' },
    ]);
    const item = (graphId: string): CatalogItemInput => ({
      kind: 'message',
      graphId,
      folderGraphId: 'inbox',
      sha256: `sha-${graphId}`,
      size: 10,
      storedSize: 10,
      chunks: [`chunk-${graphId}`],
      meta: { subject: graphId },
    });
    await catalog.commitPage({
      seq: 1,
      subService: 'mail',
      scope: 'mail:inbox',
      expectedCursor: null,
      nextCursor: 'delta-1',
      scopeDone: true,
      upserts: [item('m1'), item('m2'), item('m3')],
      removals: [],
      failures: [],
    });
    const res = await call(`/api/v1/entities/${entityId}/daily?days=7`, { session: owner.session });
    expect(res.status).toBe(200);
    const { days } = (await res.json()) as Daily;
    expect(days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(days.at(-1)).toMatchObject({
      day: today,
      total: 3,
      bySubService: { mail: 3, contacts: 0 },
    });
    expect(days.slice(0, 6).every((d) => d.total === 0)).toBe(true);
    const bad = await call(`/api/v1/entities/${entityId}/daily?days=31`, {
      session: owner.session,
    });
    expect(bad.status).toBe(400);
  });

  it('Limited Access: listed for everyone, data 404 for all but the primary user (session and token)', async () => {
    const { owner, taskId, entityId } = await mailboxWithHistory();
    const tagRes = await call('/api/v1/tags', {
      session: owner.session,
      body: { name: 'Board', limitedAccess: true },
    });
    const { tag } = (await tagRes.json()) as { tag: { id: string } };
    await call(`/api/v1/tasks/${taskId}/entities/tags`, {
      session: owner.session,
      body: { entityIds: [entityId], add: [tag.id] },
    });
    const colleague = await insertUser({ accountId: owner.user.accountId, isPrimary: false });
    const session = await insertSession(colleague);
    const token = await createToken(session, ['backups.view']);
    for (const auth of [{ session }, { token: token.secret }]) {
      const list = await call(`/api/v1/tasks/${taskId}/entities`, auth);
      expect(((await list.json()) as { total: number }).total).toBe(1);
      await expectError(await call(`/api/v1/entities/${entityId}`, auth), 404, 'not_found');
      await expectError(await call(`/api/v1/entities/${entityId}/daily`, auth), 404, 'not_found');
    }
    expect((await call(`/api/v1/entities/${entityId}`, { session: owner.session })).status).toBe(
      200,
    );
  });

  it('another account’s mailbox is 404 by session and by token', async () => {
    const { entityId } = await mailboxWithHistory();
    const stranger = await newOwner();
    const token = await createToken(stranger.session, ['backups.view']);
    for (const auth of [{ session: stranger.session }, { token: token.secret }]) {
      await expectError(await call(`/api/v1/entities/${entityId}`, auth), 404, 'not_found');
      await expectError(await call(`/api/v1/entities/${entityId}/daily`, auth), 404, 'not_found');
    }
  });
});
