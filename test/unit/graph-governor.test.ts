/** MailboxGovernor and its middleware on a fake clock: nothing really sleeps. */
import { describe, expect, it } from 'vitest';
import { MailboxGovernor, type GovernorOptions } from '../../workers/graph/governor.ts';
import { createGraphClient } from '../../workers/graph/client.ts';

/** Virtual time: sleeping advances the clock, so waits are measured, not endured. */
function fakeClock(start = 1_000_000) {
  const clock = { t: start, slept: [] as number[] };
  const opts: Pick<GovernorOptions, 'now' | 'sleep'> = {
    now: () => clock.t,
    sleep: async (ms) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return { clock, opts };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('MailboxGovernor', () => {
  it('never runs more than 4 requests at once, in arrival order', async () => {
    const { opts } = fakeClock();
    const g = new MailboxGovernor(opts);
    const gates = Array.from({ length: 10 }, deferred);
    let active = 0;
    let max = 0;
    const started: number[] = [];
    const runs = gates.map((d, i) =>
      g.run(async () => {
        started.push(i);
        max = Math.max(max, ++active);
        await d.promise;
        active--;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(g.inFlight).toBe(4);
    gates[2]!.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates.forEach((d) => d.resolve());
    await Promise.all(runs);
    expect(max).toBe(4);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(g.inFlight).toBe(0);
  });

  it('holds every sliding window under the limit and reaches ~95% of it', async () => {
    const { clock, opts } = fakeClock();
    const g = new MailboxGovernor({ ...opts, requests: 100, windowMs: 1000 });
    const sentAt: number[] = [];
    for (let i = 0; i < 1000; i++) await g.run(async () => void sentAt.push(clock.t));
    // the sliding window of the server: every 101st request must be more than a window later
    for (let i = 100; i < sentAt.length; i++) {
      expect(sentAt[i]! - sentAt[i - 100]!).toBeGreaterThanOrEqual(1000);
    }
    const perWindow = (sentAt.length / (sentAt.at(-1)! - sentAt[0]!)) * 1000;
    expect(perWindow).toBeGreaterThan(94);
    expect(perWindow).toBeLessThanOrEqual(100);
  });

  it('counts a $batch as its sub-requests and gives it up to 4 slots', async () => {
    const { clock, opts } = fakeClock();
    const g = new MailboxGovernor({ ...opts, requests: 400, windowMs: 1000 }); // burst 20
    const gate = deferred();
    const batch = g.run(() => gate.promise, 20);
    await flush();
    expect(g.inFlight).toBe(4);
    let single = false;
    const one = g.run(async () => void (single = true));
    await flush();
    expect(single).toBe(false);
    gate.resolve();
    await Promise.all([batch, one]);
    // the batch emptied the bucket: the next request waited for one token (1000/380 ms)
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('a 429 pauses every caller for Retry-After and halves the rate', async () => {
    const { clock, opts } = fakeClock();
    const g = new MailboxGovernor({ ...opts, requests: 100, windowMs: 1000 });
    const t0 = clock.t;
    g.throttled(5000);
    let at = 0;
    await g.run(async () => void (at = clock.t));
    expect(at - t0).toBeGreaterThanOrEqual(5000);
    expect(g.snapshot().factor).toBe(0.5);
    // at half rate, 15 requests past the burst take 15 / (0.5 × 0.095) ≈ 316 ms, not 158
    const start = clock.t;
    for (let i = 0; i < 20; i++) await g.run(async () => undefined);
    expect(clock.t - start).toBeGreaterThan(300);
    for (let i = 0; i < 400; i++) g.succeeded();
    expect(g.snapshot().factor).toBe(1);
  });

  it('continues the same budget from a snapshot in the next slice', async () => {
    const { clock, opts } = fakeClock();
    const a = new MailboxGovernor({ ...opts, requests: 100, windowMs: 1000 });
    for (let i = 0; i < 5; i++) await a.run(async () => undefined); // the whole burst
    expect(clock.slept).toEqual([]);
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as unknown;
    const b = new MailboxGovernor({ ...opts, requests: 100, windowMs: 1000 }, snap);
    await b.run(async () => undefined);
    expect(clock.slept.length).toBe(1); // a fresh governor would have had a full burst
    // garbage is ignored: a full bucket
    const c = new MailboxGovernor({ ...opts, requests: 100, windowMs: 1000 }, { v: 9 });
    expect(c.snapshot().tokens).toBe(5);
  });
});

describe('governor middleware', () => {
  const base = 'https://graph.example.test';
  function client(g: MailboxGovernor, answer: (url: string, init?: RequestInit) => Response) {
    const seen: string[] = [];
    const c = createGraphClient({
      graphBaseUrl: base,
      loginBaseUrl: base,
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      tokenProvider: { getToken: async () => 'tok', invalidate: () => undefined },
      retry: { maxRetries: 0 },
      governor: g,
      fetch: async (input, init) => {
        const url = String(input);
        seen.push(url);
        return answer(url, init);
      },
    });
    return { c, seen };
  }

  it('slows down on a 429 and on throttled $batch sub-responses', async () => {
    const { clock, opts } = fakeClock();
    const g = new MailboxGovernor({ ...opts, requests: 100, windowMs: 1000 });
    const { c } = client(g, (url) =>
      url.endsWith('/$batch')
        ? Response.json({
            responses: [
              { id: '1', status: 200, body: {} },
              { id: '2', status: 429, headers: { 'Retry-After': '3' }, body: {} },
            ],
          })
        : new Response('{"error":{"code":"TooManyRequests"}}', {
            status: 429,
            headers: { 'Retry-After': '2', 'Content-Type': 'application/json' },
          }),
    );
    await expect(c.api('/users/u/messages').get()).rejects.toBeTruthy();
    expect(g.snapshot().pausedUntil).toBe(clock.t + 2000);
    await c.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/users/u/mailFolders/inbox' },
        { id: '2', method: 'GET', url: '/users/u/mailFolders/drafts' },
      ],
    });
    expect(g.snapshot().pausedUntil).toBe(clock.t + 3000);
    expect(g.snapshot().factor).toBe(0.25);
  });

  it('charges a $batch its number of sub-requests', async () => {
    const { opts } = fakeClock();
    const g = new MailboxGovernor({ ...opts, requests: 1000, windowMs: 1000 }); // burst 50
    const { c } = client(g, () => Response.json({ responses: [] }));
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/users/u/mailFolders/f${i}`,
    }));
    const before = g.snapshot().tokens;
    await c.api('/$batch').post({ requests });
    expect(before - g.snapshot().tokens).toBe(20);
  });
});
