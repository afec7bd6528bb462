import { describe, expect, it } from 'vitest';
import { call, expectError, expectInvalid } from './support/api';
import { insertEntities, insertTask, newOwner } from './support/backup';
import { createToken } from './support/fixtures';

interface Tag {
  id: string;
  name: string;
  limitedAccess: boolean;
  entityCount: number;
}

async function createTag(session: string, name: string, limitedAccess = false): Promise<Tag> {
  const res = await call('/api/v1/tags', { session, body: { name, limitedAccess } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { tag: Tag }).tag;
}

async function tags(session: string): Promise<Tag[]> {
  return ((await (await call('/api/v1/tags', { session })).json()) as { tags: Tag[] }).tags;
}

describe('tags (B7)', () => {
  it('create, list with counts, tag and untag mailboxes, filter the list by tag, delete', async () => {
    const { user, session } = await newOwner();
    const taskId = await insertTask(user.accountId);
    const [a, b, c] = await insertEntities(user.accountId, taskId, [
      { name: 'A' },
      { name: 'B' },
      { name: 'C' },
    ]);
    const vip = await createTag(session, 'VIP', true);
    const finance = await createTag(session, 'Finance');
    await expectInvalid(
      await call('/api/v1/tags', { session, body: { name: 'VIP', limitedAccess: false } }),
      'name',
    );

    const tag = (body: unknown) => call(`/api/v1/tasks/${taskId}/entities/tags`, { session, body });
    let res = await tag({ entityIds: [a, b], add: [vip.id, finance.id] });
    expect(await res.json()).toEqual({ updated: 2 });
    res = await tag({ entityIds: [a, b], add: [vip.id] }); // idempotent
    expect(res.status).toBe(200);
    res = await tag({ entityIds: [b, c], remove: [finance.id] });
    expect(await res.json()).toEqual({ updated: 2 });

    expect(await tags(session)).toEqual([
      { ...finance, entityCount: 1 },
      { ...vip, entityCount: 2 },
    ]);
    const listed = (await (
      await call(`/api/v1/tasks/${taskId}/entities?tag=${vip.id}`, { session })
    ).json()) as { entities: Array<{ name: string; tags: Array<{ name: string }> }> };
    expect(listed.entities.map((e) => e.name)).toEqual(['A', 'B']);
    expect(listed.entities[0]?.tags.map((t) => t.name)).toEqual(['Finance', 'VIP']);

    expect((await call(`/api/v1/tags/${vip.id}`, { session, method: 'DELETE' })).status).toBe(204);
    await expectError(
      await call(`/api/v1/tags/${vip.id}`, { session, method: 'DELETE' }),
      404,
      'not_found',
    );
    expect((await tags(session)).map((t) => t.name)).toEqual(['Finance']);
  });

  it('another account’s tags are invisible, undeletable and cannot be applied', async () => {
    const owner = await newOwner();
    const theirTag = await createTag(owner.session, 'Secret', true);
    const stranger = await newOwner();
    const taskId = await insertTask(stranger.user.accountId);
    const [mine] = await insertEntities(stranger.user.accountId, taskId, [{ name: 'Mine' }]);
    const token = await createToken(stranger.session, ['backups.view', 'backups.exchange.modify']);
    for (const auth of [{ session: stranger.session }, { token: token.secret }]) {
      expect(await tags(auth.session ?? stranger.session)).toEqual([]);
      await expectError(
        await call(`/api/v1/tags/${theirTag.id}`, { ...auth, method: 'DELETE' }),
        404,
        'not_found',
      );
      await expectError(
        await call(`/api/v1/tasks/${taskId}/entities/tags`, {
          ...auth,
          body: { entityIds: [mine], add: [theirTag.id] },
        }),
        404,
        'not_found',
      );
    }
    expect((await tags(owner.session)).map((t) => t.id)).toEqual([theirTag.id]);
  });
});
