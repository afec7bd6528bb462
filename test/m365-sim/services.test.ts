import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

let sim: TestSim;
let user: string;
let tenant: {
  users: { id: string; mailboxKind: string }[];
  groups: { id: string; displayName: string; isTeam: boolean }[];
  sites: {
    id: string;
    name: string;
    lists: { id: string; displayName: string; template: string }[];
  }[];
};
beforeAll(async () => {
  sim = await startTestSim({ throttling: false });
  tenant = await json(await sim.control('/tenant'));
  user = tenant.users[0]?.id ?? '';
});
afterAll(() => sim.close());

type Item = {
  id: string;
  name: string;
  size: number;
  folder?: object;
  file?: object;
  deleted?: object;
  '@microsoft.graph.downloadUrl'?: string;
};

describe('OneDrive', () => {
  it('walks nested folders by children and by path, with files from 0 bytes to more than 25 MB', async () => {
    const drive = await json<{ id: string; driveType: string }>(
      await sim.graph(`/users/${user}/drive`),
    );
    expect(drive.driveType).toBe('business');
    const root = await drain(sim, `/users/${user}/drive/root/children`);
    const names = root.values.map((v) => v.name);
    expect(names).toEqual(
      expect.arrayContaining(['Documents', 'Pictures', 'empty.txt', 'hello.txt']),
    );
    const deep = await json<Item>(
      await sim.graph(`/drives/${drive.id}/root:/Documents/Reports 2025/Q2 — Entwürfe`),
    );
    expect(deep.folder).toBeTruthy();
    const big = await json<Item>(
      await sim.graph(`/drives/${drive.id}/root:/Pictures/site walkthrough.mp4`),
    );
    expect(big.size).toBeGreaterThan(25 * 1024 * 1024);
    const empty = await json<Item>(await sim.graph(`/users/${user}/drive/root:/empty.txt`));
    expect(empty.size).toBe(0);
  });

  it('answers /content with 302 to a pre-authenticated URL that honours Range', async () => {
    const item = await json<Item>(
      await sim.graph(`/users/${user}/drive/root:/Pictures/site walkthrough.mp4`),
    );
    const res = await sim.graph(`/users/${user}/drive/items/${item.id}/content`);
    expect(res.status).toBe(302);
    const url = res.headers.get('location') ?? '';
    const full = await fetch(url, { headers: { Range: 'bytes=0-1048575' } });
    expect(full.status).toBe(206);
    expect(full.headers.get('content-range')).toBe(`bytes 0-1048575/${item.size}`);
    const first = Buffer.from(await full.arrayBuffer());
    expect(first.length).toBe(1048576);
    const tail = await fetch(url, { headers: { Range: `bytes=${item.size - 10}-` } });
    expect(Buffer.from(await tail.arrayBuffer()).length).toBe(10);
    const mid = Buffer.from(
      await (await fetch(url, { headers: { Range: 'bytes=1000-1999' } })).arrayBuffer(),
    );
    expect(mid.equals(first.subarray(1000, 2000))).toBe(true);
    expect((await fetch(url, { headers: { Range: `bytes=${item.size}-` } })).status).toBe(416);
  });

  it('cuts a download mid-body when told to', async () => {
    const item = await json<Item>(
      await sim.graph(`/users/${user}/drive/root:/Documents/Contract — signed.pdf`),
    );
    await sim.control('/faults', { kind: 'cut', path: 'download', count: 1, afterBytes: 1000 });
    const url =
      (await sim.graph(`/users/${user}/drive/items/${item.id}/content`)).headers.get('location') ??
      '';
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
    const again = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(again.length).toBe(item.size);
  });

  it('reports adds, changes and deletions through root delta', async () => {
    const drive = await json<{ id: string }>(await sim.graph(`/users/${user}/drive`));
    const first = await drain(sim, `/drives/${drive.id}/root/delta`, {
      Prefer: 'odata.maxpagesize=5',
    });
    expect(first.pages).toBeGreaterThan(1);
    expect(first.deltaLink).toContain("delta(token='");
    const hello = first.values.find((v) => v.name === 'hello.txt') as Item;
    const docs = first.values.find((v) => v.name === 'Documents') as Item;
    await sim.control('/mutate', [
      { op: 'file.add', drive: user, path: '/Documents/new.txt', size: 5 },
      { op: 'file.delete', drive: user, id: hello.id },
    ]);
    const second = await drain(sim, first.deltaLink ?? '');
    expect(second.values.map((v) => v.name)).toContain('new.txt');
    expect(second.values.find((v) => v.id === hello.id)?.deleted).toEqual({ state: 'deleted' });
    expect((await sim.graph(`/drives/${drive.id}/items/${docs.id}/delta`)).status).toBe(400);
    await sim.control('/delta/reset', { drive: user });
    const gone = await sim.graph(second.deltaLink ?? '');
    expect(gone.status).toBe(410);
    expect((await json<{ error: { code: string } }>(gone)).error.code).toBe('resyncRequired');
  });

  it('creates folders with conflictBehavior and uploads through sessions in 320 KiB multiples', async () => {
    const mk = (behavior: string) =>
      sim.graph(`/users/${user}/drive/root/children`, {
        method: 'POST',
        json: { name: 'Restore', folder: {}, '@microsoft.graph.conflictBehavior': behavior },
      });
    expect((await mk('fail')).status).toBe(201);
    expect((await mk('fail')).status).toBe(409);
    expect((await json<Item>(await mk('rename'))).name).toBe('Restore 1');
    const session = await json<{ uploadUrl: string; nextExpectedRanges: string[] }>(
      await sim.graph(`/users/${user}/drive/root:/Restore/big.bin:/createUploadSession`, {
        method: 'POST',
        json: { item: { '@microsoft.graph.conflictBehavior': 'fail' } },
      }),
    );
    expect(session.nextExpectedRanges).toEqual(['0-']);
    const data = Buffer.alloc(320 * 1024 * 2 + 123, 7);
    const put = (s: number, e: number, headers: Record<string, string> = {}) =>
      fetch(session.uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Range': `bytes ${s}-${e - 1}/${data.length}`, ...headers },
        body: data.subarray(s, e),
      });
    expect((await put(0, 1000)).status).toBe(400); // not a 320 KiB multiple
    expect((await put(0, 327_680, { Authorization: 'Bearer x' })).status).toBe(401);
    expect((await put(327_680, 655_360)).status).toBe(416); // out of order
    expect((await put(0, 655_360)).status).toBe(202);
    // resume: the session tells what it has received
    const status = await fetch(session.uploadUrl);
    expect(status.status).toBe(200);
    const st = await json<{ expirationDateTime: string; nextExpectedRanges: string[] }>(status);
    expect(st.nextExpectedRanges).toEqual(['655360-']);
    expect(Date.parse(st.expirationDateTime)).toBeGreaterThan(0);
    expect(
      (await fetch(session.uploadUrl, { headers: { Authorization: 'Bearer x' } })).status,
    ).toBe(401);
    const done = await put(655_360, data.length);
    expect(done.status).toBe(201);
    const file = await json<Item>(done);
    expect(file.size).toBe(data.length);
    const digest = await json<{ entries: { key: string; contentHash: string }[] }>(
      await sim.control(`/digest/drive/${user}?under=/Restore`),
    );
    const { createHash } = await import('node:crypto');
    expect(digest.entries.find((e) => e.key === '/Restore/big.bin')?.contentHash).toBe(
      createHash('sha256').update(data).digest('hex'),
    );
  });

  it('keeps versions and serves old ones', async () => {
    const item = await json<Item>(
      await sim.graph(`/users/${user}/drive/root:/Documents/Budget.xlsx`),
    );
    const versions = await json<{ value: { id: string; size: number }[] }>(
      await sim.graph(`/users/${user}/drive/items/${item.id}/versions`),
    );
    expect(versions.value.length).toBe(3);
    const old = versions.value[2];
    const res = await sim.graph(
      `/users/${user}/drive/items/${item.id}/versions/${old?.id ?? ''}/content`,
    );
    expect(res.status).toBe(302);
    const body = await fetch(res.headers.get('location') ?? '');
    expect(Buffer.from(await body.arrayBuffer()).length).toBe(old?.size);
  });
});

describe('SharePoint', () => {
  it('lists site collections, a subsite, libraries and a custom list with delta', async () => {
    const all = await drain(sim, '/sites/getAllSites()');
    expect(all.values.length).toBeGreaterThanOrEqual(4);
    const ops = await json<{ id: string }>(
      await sim.graph('/sites/larkspur.sharepoint.com:/sites/operations'),
    );
    const subs = await json<{ value: { name: string }[] }>(
      await sim.graph(`/sites/${ops.id}/sites`),
    );
    expect(subs.value.map((s) => s.name)).toEqual(['warehouses']);
    const lists = await json<{
      value: { id: string; displayName: string; list: { template: string } }[];
    }>(await sim.graph(`/sites/${ops.id}/lists`));
    const assets = lists.value.find((l) => l.list.template === 'genericList');
    expect(assets?.displayName).toBe('Asset Register');
    const first = await drain(
      sim,
      `/sites/${ops.id}/lists/${assets?.id ?? ''}/items/delta?$expand=fields`,
    );
    expect(first.values).toHaveLength(24);
    expect((first.values[0]?.fields as Record<string, unknown>).AssetTag).toBe('LL-1000');
    await sim.control('/mutate', [
      {
        op: 'listItem.update',
        site: ops.id,
        list: assets?.id,
        id: '1',
        fields: { Status: 'Retired' },
      },
      { op: 'listItem.delete', site: ops.id, list: assets?.id, id: '2' },
    ]);
    const second = await drain(sim, first.deltaLink ?? '');
    expect(second.values.map((v) => v.id).sort()).toEqual(['1', '2']);
    expect(second.values.find((v) => v.id === '2')?.deleted).toBeTruthy();
    const search = await json<{ value: { name: string }[] }>(await sim.graph('/sites?search=hr'));
    expect(search.value.map((s) => s.name)).toContain('hr');
  });
});

describe('Teams', () => {
  it('lists channels (private included), messages with replies, reactions and mentions, and imports in migration mode', async () => {
    const team = tenant.groups.find((g) => g.isTeam);
    const channels = await json<{
      value: { id: string; displayName: string; membershipType: string }[];
    }>(await sim.graph(`/teams/${team?.id ?? ''}/channels`));
    expect(channels.value.map((c) => c.membershipType)).toContain('private');
    const general = channels.value.find((c) => c.displayName === 'General');
    const base = `/teams/${team?.id ?? ''}/channels/${encodeURIComponent(general?.id ?? '')}`;
    const first = await drain(sim, `${base}/messages/delta()`);
    expect(first.values.length).toBe(6);
    expect(first.values.some((m) => (m.mentions as unknown[]).length > 0)).toBe(true);
    expect(first.values.some((m) => (m.reactions as unknown[]).length > 0)).toBe(true);
    const withReplies = await Promise.all(
      first.values.map(
        async (m) =>
          (
            await json<{ value: unknown[] }>(
              await sim.graph(`${base}/messages/${String(m.id)}/replies`),
            )
          ).value.length,
      ),
    );
    expect(withReplies.some((n) => n > 0)).toBe(true);
    await sim.control('/mutate', {
      op: 'channel.add',
      team: team?.id,
      channel: general?.id,
      text: 'Neu',
    });
    const second = await drain(sim, first.deltaLink ?? '');
    expect(second.values).toHaveLength(1);
    // an edit shows in the next round with lastEditedDateTime
    const edited = first.values[0];
    expect(edited?.lastEditedDateTime).toBeNull();
    expect(
      (
        await sim.control('/mutate', {
          op: 'channel.update',
          team: team?.id,
          channel: general?.id,
          id: edited?.id,
          text: 'Bearbeitet',
        })
      ).status,
    ).toBe(200);
    const third = await drain(sim, second.deltaLink ?? '');
    expect(third.values.map((m) => m.id)).toEqual([edited?.id]);
    const after = third.values[0] as { lastEditedDateTime: string; body: { content: string } };
    expect(after.lastEditedDateTime).toBeTruthy();
    expect(after.body.content).toContain('Bearbeitet');
    const files = await json<{ name: string; folder: object }>(
      await sim.graph(`${base}/filesFolder`),
    );
    expect(files.folder).toBeTruthy();

    const denied = await sim.graph(`${base}/messages`, {
      method: 'POST',
      json: { body: { content: 'x' } },
    });
    expect(denied.status).toBe(403);
    expect((await sim.graph(`${base}/startMigration`, { method: 'POST', json: {} })).status).toBe(
      204,
    );
    const imported = await sim.graph(`${base}/messages`, {
      method: 'POST',
      json: {
        createdDateTime: '2024-03-01T10:00:00Z',
        from: { user: { id: user, displayName: 'X' } },
        body: { contentType: 'html', content: '<p>old</p>' },
      },
    });
    expect(imported.status).toBe(201);
    expect((await json<{ createdDateTime: string }>(imported)).createdDateTime).toBe(
      '2024-03-01T10:00:00.000Z',
    );
    expect(
      (await sim.graph(`${base}/completeMigration`, { method: 'POST', json: {} })).status,
    ).toBe(204);
    const digest = await json<{ count: number }>(
      await sim.control(`/digest/team/${team?.id ?? ''}`),
    );
    expect(digest.count).toBeGreaterThan(10);
  });

  it('serves group conversations, threads, posts and the group calendar', async () => {
    const g = tenant.groups[3];
    const convs = await json<{ value: { id: string; topic: string }[] }>(
      await sim.graph(`/groups/${g?.id ?? ''}/conversations`),
    );
    expect(convs.value).toHaveLength(3);
    const threads = await json<{ value: { id: string }[] }>(
      await sim.graph(`/groups/${g?.id ?? ''}/conversations/${convs.value[0]?.id ?? ''}/threads`),
    );
    const posts = await json<{ value: { body: { content: string } }[] }>(
      await sim.graph(`/groups/${g?.id ?? ''}/threads/${threads.value[0]?.id ?? ''}/posts`),
    );
    expect(posts.value.length).toBeGreaterThan(0);
    const created = await sim.graph(`/groups/${g?.id ?? ''}/threads`, {
      method: 'POST',
      json: {
        topic: 'Restored thread',
        posts: [{ body: { contentType: 'html', content: '<p>hi</p>' } }],
      },
    });
    expect(created.status).toBe(201);
    const events = await json<{ value: unknown[] }>(
      await sim.graph(`/groups/${g?.id ?? ''}/calendar/events`),
    );
    expect(events.value).toHaveLength(3);
    const digest = await json<{ count: number }>(await sim.control(`/digest/group/${g?.id ?? ''}`));
    expect(digest.count).toBeGreaterThan(5);
  });
});

describe('contacts, calendar, To Do', () => {
  it('delta-syncs contacts, events (single and recurring) and tasks, and creates each', async () => {
    const contacts = await drain(sim, `/users/${user}/contacts/delta()`);
    expect(contacts.values.length).toBeGreaterThan(0);
    expect(
      (
        await sim.graph(`/users/${user}/contacts`, {
          method: 'POST',
          json: {
            givenName: 'Zoë',
            surname: 'Ng',
            emailAddresses: [{ address: 'z@x.example', name: 'Zoë Ng' }],
          },
        })
      ).status,
    ).toBe(201);
    expect((await drain(sim, contacts.deltaLink ?? '')).values).toHaveLength(1);
    const folders = await json<{ value: { id: string }[] }>(
      await sim.graph(`/users/${user}/contactFolders`),
    );
    expect(
      (
        await drain(
          sim,
          `/users/${user}/contactFolders/${folders.value[0]?.id ?? ''}/contacts/delta()`,
        )
      ).values.length,
    ).toBeGreaterThan(0);

    const range = 'startDateTime=2000-01-01T00:00:00Z&endDateTime=2100-01-01T00:00:00Z';
    const events = await drain(sim, `/users/${user}/calendarView/delta()?${range}`);
    expect(events.values.some((e) => e.type === 'occurrence')).toBe(true);
    expect(events.values.some((e) => e.type === 'singleInstance')).toBe(true);
    expect(events.values.some((e) => e.type === 'seriesMaster')).toBe(false);
    expect(events.deltaLink).toContain('startDateTime=');
    const ev = await sim.graph(`/users/${user}/events`, {
      method: 'POST',
      json: {
        subject: 'Restored',
        start: { dateTime: '2025-01-01T10:00:00', timeZone: 'UTC' },
        end: { dateTime: '2025-01-01T11:00:00', timeZone: 'UTC' },
      },
    });
    expect(ev.status).toBe(201);
    expect((await drain(sim, events.deltaLink ?? '')).values.map((e) => e.subject)).toEqual([
      'Restored',
    ]);

    const lists = await json<{ value: { id: string; wellknownListName: string }[] }>(
      await sim.graph(`/users/${user}/todo/lists`),
    );
    const def = lists.value.find((l) => l.wellknownListName === 'defaultList');
    const tasks = await drain(sim, `/users/${user}/todo/lists/${def?.id ?? ''}/tasks/delta()`);
    expect(tasks.values.length).toBe(3);
    expect(
      (
        await sim.graph(`/users/${user}/todo/lists/${def?.id ?? ''}/tasks`, {
          method: 'POST',
          json: { title: 'Restored task' },
        })
      ).status,
    ).toBe(201);
    expect((await drain(sim, tasks.deltaLink ?? '')).values).toHaveLength(1);
  });
});

describe('calendarView delta (v1.0)', () => {
  type Ev = {
    id: string;
    subject: string;
    type: string;
    seriesMasterId?: string;
    start: { dateTime: string };
    recurrence: unknown;
  };
  it('requires startDateTime and endDateTime on the initial request', async () => {
    for (const q of [
      '',
      '?startDateTime=2025-01-01T00:00:00Z',
      '?endDateTime=2025-01-01T00:00:00Z',
    ]) {
      const res = await sim.graph(`/users/${user}/calendarView/delta()${q}`);
      expect(res.status).toBe(400);
      const body = await json<{ error: { code: string; message: string } }>(res);
      expect(body.error.code).toBe('ErrorInvalidParameter');
      expect(body.error.message).toContain('StartDateTime and EndDateTime');
    }
  });

  it('serves events/delta on beta only', async () => {
    expect((await sim.graph(`/users/${user}/events/delta()`)).status).toBe(400);
    const beta = await sim.graph(`${sim.url}/beta/users/${user}/calendar/events/delta()`);
    expect(beta.status).toBe(200);
    const body = await json<{ value: Ev[] }>(beta);
    expect(body.value.some((e) => e.type === 'seriesMaster')).toBe(true);
  });

  it('expands a weekly series into its occurrences within the range', async () => {
    const beta = await drain(sim, `${sim.url}/beta/users/${user}/calendar/events/delta()`);
    const master = beta.values.find((e) => e.recurrence !== null) as unknown as Ev;
    const start = Date.parse(master.start.dateTime + 'Z');
    const from = new Date(start - 3_600_000).toISOString();
    const to = new Date(start + 27 * 86_400_000).toISOString();
    const view = await drain(
      sim,
      `/users/${user}/calendarView/delta()?startDateTime=${from}&endDateTime=${to}`,
    );
    const occ = (view.values as unknown as Ev[]).filter((e) => e.seriesMasterId === master.id);
    expect(occ.length).toBeGreaterThanOrEqual(3);
    expect(occ.length).toBeLessThanOrEqual(4);
    expect(occ.every((e) => e.type === 'occurrence' && e.recurrence === null)).toBe(true);
    expect(new Set(occ.map((e) => e.id)).size).toBe(occ.length);
    expect(view.values.some((e) => e.id === master.id)).toBe(false);
  });

  it('reads every calendar, and a round trip reports a change', async () => {
    const cals = await json<{ value: { id: string; name: string }[] }>(
      await sim.graph(`/users/${user}/calendars`),
    );
    const holidays = cals.value.find((c) => c.name === 'Team holidays');
    const range = 'startDateTime=2000-01-01T00:00:00Z&endDateTime=2100-01-01T00:00:00Z';
    const first = await drain(
      sim,
      `/users/${user}/calendars/${holidays?.id ?? ''}/calendarView/delta()?${range}`,
    );
    expect(first.values.length).toBeGreaterThan(0);
    const id = String(first.values[0]?.seriesMasterId ?? first.values[0]?.id);
    expect(
      (
        await sim.graph(`/users/${user}/events/${id}`, {
          method: 'PATCH',
          json: { subject: 'Moved' },
        })
      ).status,
    ).toBe(200);
    const next = await drain(sim, first.deltaLink ?? '');
    expect(next.values.length).toBeGreaterThan(0);
    expect(next.values.every((e) => e.subject === 'Moved')).toBe(true);
    expect((await drain(sim, next.deltaLink ?? '')).values).toEqual([]);
  });

  it('group calendars take a calendarView too', async () => {
    const groups = await json<{ value: { id: string; groupTypes: string[] }[] }>(
      await sim.graph('/groups'),
    );
    const g = groups.value.find((x) => x.groupTypes.includes('Unified'));
    expect((await sim.graph(`/groups/${g?.id ?? ''}/calendarView/delta()`)).status).toBe(400);
    const view = await drain(
      sim,
      `/groups/${g?.id ?? ''}/calendarView/delta()?startDateTime=2000-01-01T00:00:00Z&endDateTime=2100-01-01T00:00:00Z`,
    );
    expect(view.values.length).toBeGreaterThan(0);
    expect(view.values.some((e) => e.type === 'seriesMaster')).toBe(false);
  });
});

describe('faults', () => {
  it('injects 503 and 504 bursts, then recovers', async () => {
    await sim.control('/faults', { kind: 'status', status: 503, count: 2, path: '/users$' });
    await sim.control('/faults', { kind: 'status', status: 504, count: 1, path: '/users$' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await sim.graph('/users')).status);
    expect(statuses).toEqual([503, 503, 504, 200]);
  });

  it('injects 429 storms with Retry-After', async () => {
    await sim.control('/faults', {
      kind: 'status',
      status: 429,
      count: 3,
      retryAfter: 7,
      path: '/groups$',
    });
    const r = await sim.graph('/groups');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    await sim.control('/faults', {}, 'DELETE');
    expect((await sim.graph('/groups')).status).toBe(200);
  });

  it('makes an item vanish between listing and fetching', async () => {
    const list = await json<{ value: { id: string }[] }>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages?$top=1`),
    );
    const delta = await drain(sim, `/users/${user}/mailFolders/inbox/messages/delta()`);
    await sim.control('/faults', { kind: 'vanish', path: '/messages/[^/]+/\\$value$', count: 1 });
    const res = await sim.graph(`/users/${user}/messages/${list.value[0]?.id ?? ''}/$value`);
    expect(res.status).toBe(404);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('ErrorItemNotFound');
    const next = await drain(sim, delta.deltaLink ?? '');
    expect(next.values.map((v) => v.id)).toContain(list.value[0]?.id);
  });

  it('slows responses down and logs every request with its fault', async () => {
    const fault = await json<{ id: string }>(
      await sim.control('/faults', {
        kind: 'delay',
        delayMs: 50,
        count: 1,
        path: '/organization$',
      }),
    );
    expect((await sim.graph('/organization')).status).toBe(200);
    const log = await json<{ entries: { url: string; fault?: string }[] }>(
      await sim.control('/requests'),
    );
    expect(
      log.entries.some((e) => e.url.endsWith('/organization') && e.fault === `delay:${fault.id}`),
    ).toBe(true);
  });
});
