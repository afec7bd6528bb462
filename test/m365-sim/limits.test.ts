/**
 * Throttling limits exactly at their edges: Outlook's upload budget, SharePoint/OneDrive
 * resource units with their per-request costs, and the Teams per-app limits. The simulator's
 * throttling clock is manual here, so a window only moves when the test advances it: every
 * assertion is about counts, never about how long anything took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

type Batch = { responses: { id: string; status: number; headers: Record<string, string> }[] };
type Err = { error: { code: string; message: string; innerError?: { code?: string } } };

const MiB = 1024 * 1024;

describe('Outlook: 150 MB upload per 5 minutes per app and mailbox (time-scaled)', () => {
  let sim: TestSim;
  let user: string;
  let other: string;
  beforeAll(async () => {
    // 600× compresses 5 minutes into 500 ms of simulator time; the clock only moves when told.
    sim = await startTestSim({ timeScale: 600, clock: 'manual', size: { users: 6 } });
    const t = await json<{ users: { id: string; mailboxKind: string }[] }>(
      await sim.control('/tenant'),
    );
    const boxes = t.users.filter((u) => u.mailboxKind === 'user');
    user = boxes[0]?.id ?? '';
    other = boxes[1]?.id ?? '';
  });
  afterAll(() => sim.close());

  /** A PATCH body of exactly `n` bytes (an extended property padded with 'a'). */
  const patchBody = (n: number): string => {
    const head =
      '{"singleValueExtendedProperties":[{"id":"String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Pad","value":"';
    const tail = '"}]}';
    return head + 'a'.repeat(n - head.length - tail.length) + tail;
  };

  it('accepts request bodies up to exactly 150 MiB, refuses the next byte, and recovers when the window passes', async () => {
    const create = JSON.stringify({ subject: 'upload budget' });
    const draft = await json<{ id: string }>(
      await sim.graph(`/users/${user}/messages`, {
        method: 'POST',
        body: create,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    const url = `/users/${user}/messages/${draft.id}`;
    const patch = (body: string) =>
      sim.graph(url, { method: 'PATCH', body, headers: { 'Content-Type': 'application/json' } });
    // Fill the window to 2 bytes below the limit with 4 MiB bodies.
    let used = Buffer.byteLength(create);
    const limit = 150 * MiB;
    while (used < limit - 2) {
      const n = Math.min(4 * MiB, limit - 2 - used);
      const res = await patch(patchBody(n));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      used += n;
    }
    expect(used).toBe(limit - 2);
    // `{}` is 2 bytes: exactly at the limit it passes, one more byte is refused.
    expect((await patch('{}')).status).toBe(200);
    const over = await patch('{}');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const err = await json<Err>(over);
    expect(err.error.code).toBe('ApplicationThrottled');
    expect(err.error.message).toContain('IncomingBytes');
    // reads of the same mailbox and uploads to another mailbox are not affected
    expect((await sim.graph(url)).status).toBe(200);
    expect(
      (
        await sim.graph(`/users/${other}/messages`, {
          method: 'POST',
          json: { subject: 'elsewhere' },
        })
      ).status,
    ).toBe(201);
    // five minutes later (500 ms at 600×) the window is empty again
    await sim.control('/clock', { advanceMs: (5 * 60_000) / 600 });
    expect((await patch('{}')).status).toBe(200);
    const log = await json<{ entries: { throttled: boolean; limit?: string }[] }>(
      await sim.control('/requests'),
    );
    expect(log.entries.filter((e) => e.throttled).map((e) => e.limit)).toEqual(['IncomingBytes']);
  });
});

describe('SharePoint/OneDrive resource units per app per tenant', () => {
  let sim: TestSim;
  let user: string;
  let drive: string;
  beforeAll(async () => {
    sim = await startTestSim({ clock: 'manual', size: { users: 4, messagesPerMailbox: 5 } });
    user = (await sim.firstUser()).id;
    drive = (await json<{ id: string }>(await sim.graph(`/users/${user}/drive`))).id;
    await sim.control('/clock', { advanceMs: 60_000 }); // setup calls leave the window
  });
  afterAll(() => sim.close());

  /** Spends `n` × 2 RU with $batch requests of 20 children listings each. */
  async function spendChildren(n: number): Promise<void> {
    for (let done = 0; done < n; done += 20) {
      const requests = Array.from({ length: Math.min(20, n - done) }, (_, i) => ({
        id: String(i),
        method: 'GET',
        url: `/drives/${drive}/root/children?$select=id`,
      }));
      const res = await json<Batch>(
        await sim.graph('/$batch', { method: 'POST', json: { requests } }),
      );
      expect(res.responses.every((r) => r.status === 200)).toBe(true);
    }
  }

  it('charges 1 RU for item reads, downloads and delta with a token, 2 for lists, writes and delta without a token', async () => {
    await spendChildren(620); // 1,240 RU
    const first = await sim.graph(`/drives/${drive}/root/delta`); // 2 → 1,242
    expect(first.status).toBe(200);
    const deltaLink = (await json<{ '@odata.deltaLink': string }>(first))['@odata.deltaLink'];
    expect((await sim.graph(deltaLink)).status).toBe(200); // 1 → 1,243
    const hello = await sim.graph(`/drives/${drive}/root:/hello.txt`); // 1 → 1,244
    expect(hello.status).toBe(200);
    const id = (await json<{ id: string }>(hello)).id;
    expect((await sim.graph(`/drives/${drive}/items/${id}/content`)).status).toBe(302); // 1 → 1,245
    const put = await sim.graph(`/drives/${drive}/root:/ru.txt:/content`, {
      method: 'PUT',
      body: 'resource units',
    }); // 2 → 1,247
    expect(put.status).toBe(201);
    const renamed = await sim.graph(`/drives/${drive}/items/${id}`, {
      method: 'PATCH',
      json: { name: 'hello again.txt' },
    }); // 2 → 1,249
    expect(renamed.status).toBe(200);

    // one unit left: a 2-unit request is refused…
    const over = await sim.graph(`/drives/${drive}/root/children`);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const err = await json<Err>(over);
    expect(err.error.code).toBe('activityLimitReached');
    expect(err.error.innerError?.code).toBe('throttledRequest');
    // …and counts anyway ("throttled requests count towards usage limits"), so even a
    // 1-unit request is refused now.
    expect((await sim.graph(deltaLink)).status).toBe(429);

    await sim.control('/clock', { advanceMs: 60_000 });
    expect((await sim.graph(deltaLink)).status).toBe(200);
  });

  it('lets a request spend exactly the last units of the minute', async () => {
    await sim.control('/clock', { advanceMs: 60_000 });
    await spendChildren(624); // 1,248 RU
    expect((await sim.graph(`/drives/${drive}/root/delta`)).status).toBe(200); // 2 → 1,250
    expect((await sim.graph(`/drives/${drive}/root`)).status).toBe(429); // 1 more
    await sim.control('/clock', { advanceMs: 60_000 });
    await spendChildren(624);
    const page = await drain(sim, `/drives/${drive}/root/delta`); // 2 → 1,250
    expect((await sim.graph(page.deltaLink ?? '')).status).toBe(429); // 1 more
    await sim.control('/clock', { advanceMs: 60_000 });
    await spendChildren(624);
    expect((await sim.graph(`/drives/${drive}/root`)).status).toBe(200); // 1 → 1,249
    expect((await sim.graph(page.deltaLink ?? '')).status).toBe(200); // 1 → 1,250
    expect((await sim.graph(page.deltaLink ?? '')).status).toBe(429);
  });

  it('charges list-item delta like drive delta', async () => {
    await sim.control('/clock', { advanceMs: 60_000 });
    const t = await json<{
      sites: { id: string; lists: { id: string; template: string }[] }[];
    }>(await sim.control('/tenant'));
    const site = t.sites.find((s) => s.lists.some((l) => l.template === 'genericList'));
    const list = site?.lists.find((l) => l.template === 'genericList');
    const base = `/sites/${site?.id ?? ''}/lists/${list?.id ?? ''}/items`;
    await spendChildren(624); // 1,248
    const round = await drain(sim, `${base}/delta`); // 2 → 1,250
    expect((await sim.graph(round.deltaLink ?? '')).status).toBe(429);
    await sim.control('/clock', { advanceMs: 60_000 });
    await spendChildren(624); // 1,248 (other units expired)
    expect((await sim.graph(round.deltaLink ?? '')).status).toBe(200); // 1 → 1,249
    expect((await sim.graph(round.deltaLink ?? '')).status).toBe(200); // 1 → 1,250
    expect((await sim.graph(`${base}/delta`)).status).toBe(429);
  });
});

describe('Teams per-app limits', () => {
  let sim: TestSim;
  const channels: { team: string; id: string }[] = [];
  beforeAll(async () => {
    sim = await startTestSim({ clock: 'manual' });
    const t = await json<{ groups: { id: string; isTeam: boolean }[] }>(
      await sim.control('/tenant'),
    );
    for (const g of t.groups.filter((x) => x.isTeam).slice(0, 2)) {
      const list = await json<{ value: { id: string }[] }>(
        await sim.graph(`/teams/${g.id}/channels`),
      );
      for (const c of list.value) channels.push({ team: g.id, id: c.id });
    }
    expect(channels.length).toBeGreaterThanOrEqual(6);
    await sim.control('/clock', { advanceMs: 1000 });
  });
  afterAll(() => sim.close());

  const messages = (c: { team: string; id: string } | undefined) =>
    sim.graph(`/teams/${c?.team ?? ''}/channels/${encodeURIComponent(c?.id ?? '')}/messages`);

  it('allows 4 requests per second on one channel and 20 channel-message reads per second per app', async () => {
    const [a, b, c, d, e, f] = channels;
    const statuses = async (ch: typeof a, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await messages(ch)).status);
      return out;
    };
    // per channel: the 5th request within the second is refused
    expect(await statuses(a, 5)).toEqual([200, 200, 200, 200, 429]);
    // per app and tenant: 20 channel-message reads, spread over channels, all pass…
    for (const ch of [b, c, d, e]) expect(await statuses(ch, 4)).toEqual([200, 200, 200, 200]);
    // …and the 21st is refused even on a fresh channel
    const over = await messages(f);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // other request types have their own budgets
    expect((await sim.graph(`/teams/${f?.team ?? ''}/channels`)).status).toBe(200);
    await sim.control('/clock', { advanceMs: 1000 });
    expect((await messages(f)).status).toBe(200);
    const log = await json<{ entries: { limit?: string }[] }>(await sim.control('/requests'));
    expect(log.entries.filter((x) => x.limit).map((x) => x.limit)).toEqual([
      'Teams:teamOrChannel',
      'Teams:getChannelMessage',
    ]);
  });

  it('allows 4 requests per second on one team', async () => {
    await sim.control('/clock', { advanceMs: 1000 });
    const team = channels[0]?.team ?? '';
    const out: number[] = [];
    for (let i = 0; i < 5; i++) out.push((await sim.graph(`/teams/${team}`)).status);
    expect(out).toEqual([200, 200, 200, 200, 429]);
  });
});
