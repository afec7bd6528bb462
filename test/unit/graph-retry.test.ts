/** workers/graph retry middleware and link following against the simulated Graph. No real sleeping. */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../m365-sim/server.ts';
import { createGraphClient, followLink, pages } from '../../workers/graph/client.ts';
import {
  GraphApiError,
  parseRetryAfter,
  toGraphApiError,
} from '../../workers/graph/graph-error.ts';
import type { RetryOptions } from '../../workers/graph/middleware/retry.ts';

let sim: RunningSimulator;
let user: string;
beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 1,
    size: { users: 4, messagesPerMailbox: 12 },
    throttling: false,
  });
  const tenant = (await (await fetch(`${sim.url}/_sim/tenant`)).json()) as {
    users: { id: string; mailboxKind: string; licensed: boolean }[];
  };
  user = tenant.users.find((u) => u.mailboxKind === 'user' && u.licensed)!.id;
});
afterAll(() => sim.close());

const control = (path: string, body?: unknown, method = 'POST') =>
  fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
beforeEach(async () => {
  await control('/faults', undefined, 'DELETE');
});

let slept: number[];
let sent: string[];
function client(retry: RetryOptions = {}) {
  slept = [];
  sent = [];
  return createGraphClient({
    graphBaseUrl: sim.url,
    loginBaseUrl: sim.url,
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    fetch: (input, init) => {
      sent.push(input);
      return fetch(input, init);
    },
    retry: {
      sleep: async (ms) => void slept.push(ms),
      random: () => 0.5,
      ...retry,
    },
  });
}

it('429 with Retry-After: waits exactly Retry-After, then succeeds', async () => {
  await control('/faults', {
    kind: 'status',
    status: 429,
    retryAfter: 7,
    count: 2,
    path: '/users$',
  });
  const page = (await client().api('/users').get()) as { value: unknown[] };
  expect(page.value.length).toBeGreaterThan(0);
  expect(slept).toEqual([7000, 7000]);
});

it('429 is retried for a POST too (the request was not processed)', async () => {
  await control('/faults', {
    kind: 'status',
    status: 429,
    retryAfter: 2,
    count: 1,
    method: 'POST',
    path: '/mailFolders$',
  });
  const created = (await client()
    .api(`/users/${user}/mailFolders`)
    .post({ displayName: 'Retry test' })) as { id: string };
  expect(created.id).toBeTruthy();
  expect(slept).toEqual([2000]);
});

it('a 503 burst is recovered; a 504 burst backs off exponentially without Retry-After', async () => {
  await control('/faults', { kind: 'status', status: 503, count: 3, path: '/users$' });
  await client().api('/users').get();
  expect(slept).toEqual([1000, 1000, 1000]); // the simulator's 503 says Retry-After: 1

  await control('/faults', { kind: 'status', status: 504, count: 3, path: '/users$' });
  await client({ baseDelayMs: 100 }).api('/users').get();
  expect(slept).toEqual([75, 150, 300]); // step/2 + random(0.5) * step/2
});

it('a 504 on a POST is not retried (it may have been processed)', async () => {
  await control('/faults', {
    kind: 'status',
    status: 504,
    count: 1,
    method: 'POST',
    path: '/mailFolders$',
  });
  const err = toGraphApiError(
    await client()
      .api(`/users/${user}/mailFolders`)
      .post({ displayName: 'Once only' })
      .catch((e: unknown) => e),
  );
  expect(err.status).toBe(504);
  expect(err.retryable).toBe(true);
  expect(slept).toEqual([]);
});

it('gives up after maxRetries and hands back the throttled answer as a GraphApiError', async () => {
  await control('/faults', {
    kind: 'status',
    status: 429,
    retryAfter: 1,
    count: 5,
    path: '/users$',
  });
  const err = toGraphApiError(
    await client({ maxRetries: 2 })
      .api('/users')
      .get()
      .catch((e: unknown) => e),
  );
  expect(err).toBeInstanceOf(GraphApiError);
  expect(err.status).toBe(429);
  expect(err.retryable).toBe(true);
  expect(err.retryAfterSeconds).toBe(1);
  expect(slept).toEqual([1000, 1000]);
});

it('does not sleep through a Retry-After longer than maxRetryAfterMs', async () => {
  await control('/faults', {
    kind: 'status',
    status: 429,
    retryAfter: 600,
    count: 1,
    path: '/users$',
  });
  const err = toGraphApiError(
    await client()
      .api('/users')
      .get()
      .catch((e: unknown) => e),
  );
  expect(err.retryAfterSeconds).toBe(600);
  expect(slept).toEqual([]);
});

it('reads Retry-After as seconds or as an HTTP date', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  expect(parseRetryAfter('5', now)).toBe(5);
  expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
  expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

it('follows nextLinks over http:// to the deltaLink, every item once', async () => {
  const c = client();
  const seen: string[] = [];
  const it = pages<{ id: string }>(c, `/users/${user}/mailFolders/inbox/messages/delta`, {
    Prefer: 'odata.maxpagesize=3',
  });
  let r = await it.next();
  let count = 0;
  while (!r.done) {
    count++;
    seen.push(...r.value.value.map((m) => m.id));
    r = await it.next();
  }
  expect(count).toBeGreaterThan(1);
  expect(new Set(seen).size).toBe(seen.length);
  expect(r.value).toMatch(new RegExp(`^${sim.url}/v1.0/`));
});

it('refuses a nextLink (or any request) to another origin without sending the token', async () => {
  const c = client();
  const port = new URL(sim.url).port;
  for (const link of [
    'https://evil.example/v1.0/users?$skiptoken=x',
    `http://127.0.0.1:${Number(port) + 1}/v1.0/users`,
    `http://localhost.evil.example:${port}/v1.0/users`,
  ]) {
    expect(() => followLink(c, link)).toThrow(
      expect.objectContaining({ code: 'ForeignLink', retryable: false }),
    );
  }
  await expect(c.api('https://evil.example/v1.0/users').get()).rejects.toMatchObject({
    code: 'ForeignOrigin',
  });
  expect(sent).toEqual([]);
});
