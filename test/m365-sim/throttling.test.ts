import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestSim, type TestSim } from './test-helpers.ts';

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('state never reached');
}

type BatchResponse = {
  responses: { id: string; status: number; headers: Record<string, string>; body: unknown }[];
};

describe('Outlook limits at their edges (unscaled)', () => {
  let sim: TestSim;
  let user: string;
  let other: string;
  beforeAll(async () => {
    sim = await startTestSim();
    const t = await json<{ users: { id: string; mailboxKind: string }[] }>(
      await sim.control('/tenant'),
    );
    const boxes = t.users.filter((u) => u.mailboxKind === 'user');
    user = boxes[0]?.id ?? '';
    other = boxes[1]?.id ?? '';
  });
  afterAll(() => sim.close());

  it('gives the 5th concurrent request to a mailbox 429 MailboxConcurrency', async () => {
    const fault = await json<{ id: string }>(
      await sim.control('/faults', {
        kind: 'hold',
        path: `/users/${user}/mailFolders/inbox$`,
        count: 4,
      }),
    );
    const held = [1, 2, 3, 4].map(() => sim.graph(`/users/${user}/mailFolders/inbox`));
    await until(
      async () =>
        (await json<{ holding: number }>(await sim.control(`/faults/${fault.id}`))).holding === 4,
    );
    const fifth = await sim.graph(`/users/${user}/mailFolders/drafts`);
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const err = await json<{ error: { code: string; message: string } }>(fifth);
    expect(err.error.code).toBe('ApplicationThrottled');
    expect(err.error.message).toContain('MailboxConcurrency');
    // another mailbox is not affected
    expect((await sim.graph(`/users/${other}/mailFolders/drafts`)).status).toBe(200);
    await sim.control(`/faults/${fault.id}/release`, {});
    const statuses = await Promise.all(held.map(async (p) => (await p).status));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect((await sim.graph(`/users/${user}/mailFolders/drafts`)).status).toBe(200);
  });

  it('in $batch, only 4 parallel requests to one mailbox run; the rest get 429 with Retry-After', async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `/users/${other}/mailFolders/inbox`,
    }));
    const res = await sim.graph('/$batch', { method: 'POST', json: { requests } });
    expect(res.status).toBe(200);
    const body = await json<BatchResponse>(res);
    const ok = body.responses.filter((r) => r.status === 200);
    const throttled = body.responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(4);
    expect(throttled).toHaveLength(16);
    for (const t of throttled) expect(Number(t.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
  });

  it('counts 10,000 requests per 10 minutes per mailbox: the 10,001st gets 429', async () => {
    await sim.control('/throttling', { enabled: false });
    await sim.control('/throttling', { enabled: true }); // fresh windows
    const chain = (n: number) => ({
      requests: Array.from({ length: 20 }, (_, i) => ({
        id: `${n}-${i}`,
        method: 'GET',
        url: `/users/${user}/mailFolders/inbox?$select=id`,
        ...(i ? { dependsOn: [`${n}-${i - 1}`] } : {}),
      })),
    });
    let statuses: number[] = [];
    for (let b = 0; b < 500; b += 4) {
      const replies = await Promise.all(
        [0, 1, 2, 3]
          .filter((k) => b + k < 500)
          .map((k) => sim.graph('/$batch', { method: 'POST', json: chain(b + k) })),
      );
      for (const r of replies)
        statuses = statuses.concat((await json<BatchResponse>(r)).responses.map((x) => x.status));
    }
    expect(statuses).toHaveLength(10_000);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await sim.graph(`/users/${user}/mailFolders/inbox?$select=id`);
    expect(over.status).toBe(429);
    expect((await json<{ error: { message: string } }>(over)).error.message).toContain(
      'IncomingRequests',
    );
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    expect((await sim.graph(`/users/${other}/mailFolders/inbox?$select=id`)).status).toBe(200);
  });
});

describe('time-scaled limits and Retry-After', () => {
  let sim: TestSim;
  let user: string;
  beforeAll(async () => {
    // 10 minutes become one second; a small request budget keeps the test short. The
    // throttling clock is manual: it moves only when the test honours Retry-After.
    sim = await startTestSim({
      timeScale: 600,
      clock: 'manual',
      limits: { mailboxRequests: 25 },
    });
    user = (await sim.firstUser()).id;
  });
  afterAll(() => sim.close());

  it('refuses the request over the budget and accepts it once Retry-After has passed', async () => {
    for (let i = 0; i < 25; i++)
      expect((await sim.graph(`/users/${user}/mailFolders/inbox`)).status).toBe(200);
    const denied = await sim.graph(`/users/${user}/mailFolders/inbox`);
    expect(denied.status).toBe(429);
    const wait = Number(denied.headers.get('retry-after'));
    expect(wait).toBe(1);
    // just short of Retry-After the window is still full…
    await sim.control('/clock', { advanceMs: wait * 1000 - 20 });
    expect((await sim.graph(`/users/${user}/mailFolders/inbox`)).status).toBe(429);
    // …and once it has passed the request goes through
    await sim.control('/clock', { advanceMs: 20 });
    expect((await sim.graph(`/users/${user}/mailFolders/inbox`)).status).toBe(200);
    const log = await json<{ entries: { status: number; throttled: boolean; limit?: string }[] }>(
      await sim.control('/requests'),
    );
    expect(log.entries.filter((e) => e.throttled).map((e) => e.limit)).toEqual([
      'IncomingRequests',
      'IncomingRequests',
    ]);
  });
});

describe('$batch', () => {
  let sim: TestSim;
  let user: string;
  beforeAll(async () => {
    sim = await startTestSim({ throttling: false });
    user = (await sim.firstUser()).id;
  });
  afterAll(() => sim.close());

  it('returns each sub-request with its own status, honours dependsOn and fails dependents with 424', async () => {
    const res = await sim.graph('/$batch', {
      method: 'POST',
      json: {
        requests: [
          { id: '1', method: 'GET', url: `/users/${user}` },
          { id: '2', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
          {
            id: '3',
            method: 'POST',
            url: `/users/${user}/mailFolders`,
            headers: { 'Content-Type': 'application/json' },
            body: { displayName: 'Batch folder' },
          },
          {
            id: '4',
            method: 'GET',
            url: `/users/${user}/mailFolders?$filter=displayName eq 'Batch folder'`,
            dependsOn: ['3'],
          },
          { id: '5', method: 'GET', url: `/users/${user}/messages/garbage`, dependsOn: ['1'] },
          { id: '6', method: 'GET', url: `/users/${user}`, dependsOn: ['5'] },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = await json<BatchResponse>(res);
    const status = Object.fromEntries(body.responses.map((r) => [r.id, r.status]));
    expect(status).toEqual({ '1': 200, '2': 404, '3': 201, '4': 200, '5': 400, '6': 424 });
    // 4 ran after 3: it sees the folder 3 created
    const created = body.responses.find((r) => r.id === '3')?.body as { id: string };
    const read = body.responses.find((r) => r.id === '4')?.body as { value: { id: string }[] };
    expect(read.value.map((f) => f.id)).toEqual([created.id]);
  });

  it('refuses a sub-request with a body and no Content-Type', async () => {
    const res = await sim.graph('/$batch', {
      method: 'POST',
      json: {
        requests: [
          { id: '1', method: 'GET', url: `/users/${user}` },
          {
            id: '2',
            method: 'POST',
            url: `/users/${user}/mailFolders`,
            body: { displayName: 'No type' },
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    const err = await json<{ error: { code: string; message: string } }>(res);
    expect(err.error.code).toBe('BadRequest');
    expect(err.error.message).toContain('Content-Type');
  });

  it('returns binary bodies base64-encoded', async () => {
    const list = await json<{ value: { id: string }[] }>(
      await sim.graph(`/users/${user}/messages?$top=1`),
    );
    const res = await json<BatchResponse>(
      await sim.graph('/$batch', {
        method: 'POST',
        json: {
          requests: [
            {
              id: 'm',
              method: 'GET',
              url: `/users/${user}/messages/${list.value[0]?.id ?? ''}/$value`,
            },
          ],
        },
      }),
    );
    const mime = Buffer.from(String(res.responses[0]?.body), 'base64').toString('utf8');
    expect(mime).toContain('MIME-Version: 1.0');
  });

  it('answers one request-id per request: the header and the error body agree', async () => {
    const res = await sim.graph('/users/00000000-0000-0000-0000-000000000000');
    expect(res.status).toBe(404);
    const body = await json<{ error: { innerError: Record<string, string> } }>(res);
    expect(res.headers.get('request-id')).toBeTruthy();
    expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    const ok = await sim.graph(`/users/${user}`);
    expect(ok.headers.get('request-id')).not.toBe(res.headers.get('request-id'));
    const batch = await sim.graph('/$batch', {
      method: 'POST',
      json: { requests: [{ id: '1', method: 'GET', url: `/users/${user}` }] },
    });
    expect(batch.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await sim.graph('/$batch', { method: 'POST', json: { requests: [] } });
    expect(bad.status).toBe(400);
    const badBody = await json<{ error: { innerError: Record<string, string> } }>(bad);
    expect(badBody.error.innerError['request-id']).toBe(bad.headers.get('request-id'));
  });

  it('logs each top-level $batch with its final status', async () => {
    await sim.control('/requests', undefined, 'DELETE');
    const many = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/users',
    }));
    expect((await sim.graph('/$batch', { method: 'POST', json: { requests: many } })).status).toBe(
      400,
    );
    const anon = await fetch(`${sim.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/users' }] }),
    });
    expect(anon.status).toBe(401);
    const good = await sim.graph('/$batch', {
      method: 'POST',
      json: { requests: [{ id: '1', method: 'GET', url: `/users/${user}` }] },
    });
    expect(good.status).toBe(200);
    const log = await json<{ entries: { url: string; status: number; batch?: number }[] }>(
      await sim.control('/requests'),
    );
    expect(log.entries.filter((e) => e.url.endsWith('/$batch')).map((e) => e.status)).toEqual([
      400, 401, 200,
    ]);
  });

  it('answers a sub-request whose dependency failed with 424 in the standard error shape', async () => {
    const res = await json<BatchResponse>(
      await sim.graph('/$batch', {
        method: 'POST',
        json: {
          requests: [
            { id: '1', method: 'GET', url: `/users/${user}/messages/garbage` },
            { id: '2', method: 'GET', url: `/users/${user}`, dependsOn: ['1'] },
          ],
        },
      }),
    );
    const dep = res.responses.find((r) => r.id === '2');
    expect(dep?.status).toBe(424);
    const err = (dep?.body as { error: { code: string; innerError: Record<string, string> } })
      .error;
    expect(err.code).toBe('FailedDependency');
    expect(err.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.innerError.date).toBeTruthy();
    expect(dep?.headers['Content-Type']).toContain('application/json');
  });

  it('refuses more than 20 requests and duplicate ids', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/users',
    }));
    expect((await sim.graph('/$batch', { method: 'POST', json: { requests: many } })).status).toBe(
      400,
    );
    const dup = [
      { id: 'a', method: 'GET', url: '/users' },
      { id: 'a', method: 'GET', url: '/users' },
    ];
    expect((await sim.graph('/$batch', { method: 'POST', json: { requests: dup } })).status).toBe(
      400,
    );
  });
});
