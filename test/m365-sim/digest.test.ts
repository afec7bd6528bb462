/**
 * The ground-truth digest changes exactly when content changes: reads, paging, delta, id
 * changes and no-op updates leave it alone; a changed byte or a changed property that must
 * survive a restore changes it; undoing the change (or restoring the item exactly) brings
 * the original digest back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

type Msg = {
  id: string;
  subject: string;
  isRead: boolean;
  isDraft: boolean;
  categories: string[];
  flag: { flagStatus: string };
  sentDateTime: string;
  receivedDateTime: string;
  parentFolderId: string;
};

let sim: TestSim;
let user: string;
beforeAll(async () => {
  sim = await startTestSim({ throttling: false, size: { users: 4, messagesPerMailbox: 30 } });
  user = (await sim.firstUser()).id;
});
afterAll(() => sim.close());

const mailDigest = async () =>
  (await json<{ digest: string }>(await sim.control(`/digest/mailbox/${user}`))).digest;
const driveDigest = async (versions = false) =>
  (
    await json<{ digest: string }>(
      await sim.control(`/digest/drive/${user}${versions ? '?versions=true' : ''}`),
    )
  ).digest;

describe('mailbox digest', () => {
  it('ignores reads, paging, delta and no-op updates', async () => {
    const d0 = await mailDigest();
    const all = await drain(sim, `/users/${user}/messages?$top=7`);
    for (const m of all.values.slice(0, 5) as Msg[]) {
      await (await sim.graph(`/users/${user}/messages/${m.id}`)).arrayBuffer();
      await (await sim.graph(`/users/${user}/messages/${m.id}/$value`)).arrayBuffer();
      await (await sim.graph(`/users/${user}/messages/${m.id}/attachments`)).arrayBuffer();
    }
    await drain(sim, `/users/${user}/mailFolders/inbox/messages/delta()`);
    await drain(sim, `/users/${user}/mailFolders/delta()`);
    const m = all.values[0] as Msg;
    await sim.graph(`/users/${user}/messages/${m.id}`, { method: 'PATCH', json: {} });
    await sim.graph(`/users/${user}/messages/${m.id}`, {
      method: 'PATCH',
      json: { isRead: m.isRead },
    });
    expect(await mailDigest()).toBe(d0);
  });

  it('changes with every property a restore must bring back, and returns when it is undone', async () => {
    const d0 = await mailDigest();
    const [m] = (
      await json<{ value: Msg[] }>(await sim.graph(`/users/${user}/mailFolders/inbox/messages`))
    ).value;
    const url = `/users/${user}/messages/${m?.id ?? ''}`;
    const patch = async (body: unknown) =>
      json<Msg>(await sim.graph(url, { method: 'PATCH', json: body }));

    await patch({ isRead: !m?.isRead });
    const d1 = await mailDigest();
    expect(d1).not.toBe(d0);
    await patch({ isRead: m?.isRead });
    expect(await mailDigest()).toBe(d0);

    await patch({ categories: ['Blue category'] });
    expect(await mailDigest()).not.toBe(d0);
    await patch({ categories: m?.categories });
    expect(await mailDigest()).toBe(d0);

    await patch({ flag: { flagStatus: 'flagged' } });
    expect(await mailDigest()).not.toBe(d0);
    await patch({ flag: m?.flag });
    expect(await mailDigest()).toBe(d0);

    // moving changes the folder (and the id); moving back restores the digest, new id and all
    const moved = await json<Msg>(
      await sim.graph(`${url}/move`, { method: 'POST', json: { destinationId: 'archive' } }),
    );
    expect(moved.id).not.toBe(m?.id);
    expect(await mailDigest()).not.toBe(d0);
    const back = await json<Msg>(
      await sim.graph(`/users/${user}/messages/${moved.id}/move`, {
        method: 'POST',
        json: { destinationId: 'inbox' },
      }),
    );
    expect(back.id).not.toBe(m?.id);
    expect(await mailDigest()).toBe(d0);
  });

  it('returns to the original after an exact restore (JSON create with flags and dates, then the original MIME)', async () => {
    const d0 = await mailDigest();
    const [m] = (
      await json<{ value: Msg[] }>(
        await sim.graph(
          `/users/${user}/mailFolders/inbox/messages?$select=id,isRead,categories,flag,sentDateTime,receivedDateTime`,
        ),
      )
    ).value;
    const mime = Buffer.from(
      await (await sim.graph(`/users/${user}/messages/${m?.id ?? ''}/$value`)).arrayBuffer(),
    );
    expect(
      (
        await sim.graph(`/users/${user}/messages/${m?.id ?? ''}/permanentDelete`, {
          method: 'POST',
        })
      ).status,
    ).toBe(204);
    expect(await mailDigest()).not.toBe(d0);

    // the documented trap: a MIME create is a draft, so the digest still differs
    const draft = await json<Msg>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: mime.toString('base64'),
      }),
    );
    expect(draft.isDraft).toBe(true);
    expect(await mailDigest()).not.toBe(d0);
    await sim.graph(`/users/${user}/messages/${draft.id}/permanentDelete`, { method: 'POST' });

    // JSON create fixing the flags and dates at creation, then the original MIME
    const created = await json<Msg>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages`, {
        method: 'POST',
        json: {
          categories: m?.categories,
          flag: m?.flag,
          singleValueExtendedProperties: [
            { id: 'Integer 0x0E07', value: m?.isRead ? '1' : '0' },
            { id: 'SystemTime 0x0039', value: m?.sentDateTime },
            { id: 'SystemTime 0x0E06', value: m?.receivedDateTime },
          ],
        },
      }),
    );
    expect(created.isDraft).toBe(false);
    const put = await sim.graph(`/users/${user}/messages/${created.id}/$value`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: mime,
    });
    expect(put.status).toBe(204);
    expect(await mailDigest()).toBe(d0);
  });
});

describe('drive digest', () => {
  it('ignores reads and delta, changes with names and bytes, and returns when they do', async () => {
    const d0 = await driveDigest();
    const v0 = await driveDigest(true);
    const round = await drain(sim, `/users/${user}/drive/root/delta`);
    const hello = round.values.find((v) => v.name === 'hello.txt') as { id: string; size: number };
    const url = `/users/${user}/drive/items/${hello.id}`;
    const download = await sim.graph(`${url}/content`);
    const original = Buffer.from(
      await (await fetch(download.headers.get('location') ?? '')).arrayBuffer(),
    );
    await drain(sim, `/users/${user}/drive/root/children`);
    expect(await driveDigest()).toBe(d0);

    await sim.graph(url, { method: 'PATCH', json: { name: 'hello (renamed).txt' } });
    expect(await driveDigest()).not.toBe(d0);
    await sim.graph(url, { method: 'PATCH', json: { name: 'hello.txt' } });
    expect(await driveDigest()).toBe(d0);

    const changed = Buffer.from(original);
    changed[0] = (changed[0] ?? 0) ^ 1;
    await sim.graph(`${url}/content`, { method: 'PUT', body: changed });
    expect(await driveDigest()).not.toBe(d0);
    // the same bytes again: the current content is the original; only the version history grew
    await sim.graph(`${url}/content`, { method: 'PUT', body: original });
    expect(await driveDigest()).toBe(d0);
    expect(await driveDigest(true)).not.toBe(v0);
  });
});
