/** workers/graph token provider and auth middleware against the simulated Entra ID. */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../m365-sim/server.ts';
import { createGraphClient } from '../../workers/graph/client.ts';
import type { GraphApiError } from '../../workers/graph/graph-error.ts';
import { createTokenProvider, GraphAuthError } from '../../workers/graph/token-provider.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 1, size: { users: 4, messagesPerMailbox: 5 } });
});
afterAll(() => sim.close());

const control = (path: string, body: unknown) =>
  fetch(`${sim.url}/_sim${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

let tokenRequests = 0;
const countingFetch = (input: string, init?: RequestInit) => {
  if (input.includes('/oauth2/v2.0/token')) tokenRequests++;
  return fetch(input, init);
};
beforeEach(async () => {
  tokenRequests = 0;
  await control('/consent', { granted: true });
});

const config = () => ({
  graphBaseUrl: sim.url,
  loginBaseUrl: sim.url,
  tenantId: sim.tenantId,
  clientId: sim.clientId,
  clientSecret: sim.clientSecret,
  fetch: countingFetch,
});

it('caches the token, shares one request between concurrent callers, refreshes before expiry', async () => {
  let now = 1_000_000;
  const tokens = createTokenProvider({ ...config(), now: () => now });
  const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
  expect(a).toBe(b);
  expect(await tokens.getToken()).toBe(a);
  expect(tokenRequests).toBe(1);

  now += 3599_000 - 60_000; // inside the refresh margin of a 3599 s token
  const c = await tokens.getToken();
  expect(tokenRequests).toBe(2);
  tokens.invalidate('some other token'); // a stale invalidation keeps the fresh token
  expect(await tokens.getToken()).toBe(c);
  tokens.invalidate();
  await tokens.getToken();
  expect(tokenRequests).toBe(3);
});

it('asks for the scope derived from the Graph base URL', async () => {
  let scope = '';
  const tokens = createTokenProvider({
    ...config(),
    fetch: async (input, init) => {
      scope = new URLSearchParams(init?.body as URLSearchParams).get('scope') ?? '';
      return countingFetch(input, init);
    },
  });
  await tokens.getToken();
  expect(scope).toBe(`${sim.url}/.default`);
});

it('a token expired mid-run (401 InvalidAuthenticationToken) is refreshed and the request retried once', async () => {
  const statuses: number[] = [];
  const client = createGraphClient({ ...config(), onRequest: (e) => statuses.push(e.status) });
  await client.api('/users').top(1).get();
  await control('/tokens/expire', {});
  const page = (await client.api('/users').top(1).get()) as { value: unknown[] };
  expect(page.value).toHaveLength(1);
  expect(statuses).toEqual([200, 401, 200]);
  expect(tokenRequests).toBe(2);
});

it('consent revoked: a permanent GraphAuthError with the AADSTS code, without the secret', async () => {
  await control('/consent', { granted: false });
  const tokens = createTokenProvider(config());
  const err = await tokens.getToken().then(
    () => expect.fail('token issued without consent'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphAuthError);
  const auth = err as GraphAuthError;
  expect(auth.permanent).toBe(true);
  expect(auth.retryable).toBe(false);
  expect(auth.code).toBe('unauthorized_client');
  expect(auth.aadsts).toBe('700016');
  expect(auth.description).toMatch(/^AADSTS700016:/);
  expect(auth.message).toContain('AADSTS700016');
  expect(auth.message).not.toContain(sim.clientSecret);
  expect(JSON.stringify(auth)).not.toContain(sim.clientSecret);

  // through the SDK the typed error arrives unchanged (not flattened into its GraphError)
  const client = createGraphClient(config());
  await expect(client.api('/users').get()).rejects.toBeInstanceOf(GraphAuthError);
});

it('a wrong secret is permanent (invalid_client, AADSTS7000215)', async () => {
  const secret = 'not-the-secret-0123456789';
  const tokens = createTokenProvider({ ...config(), clientSecret: secret });
  const err = (await tokens.getToken().catch((e: unknown) => e)) as GraphAuthError;
  expect(err).toBeInstanceOf(GraphAuthError);
  expect(err.code).toBe('invalid_client');
  expect(err.aadsts).toBe('7000215');
  expect(err.permanent).toBe(true);
  expect(err.message).not.toContain(secret);
});

it('429, 5xx and network failures of the token endpoint are retryable', async () => {
  const answer = (status: number, headers: Record<string, string> = {}) =>
    createTokenProvider({
      ...config(),
      fetch: async () =>
        new Response(JSON.stringify({ error: 'temporarily_unavailable' }), { status, headers }),
    }).getToken();
  const throttled = (await answer(429, { 'Retry-After': '12' }).catch((e: unknown) => e)) as
    GraphAuthError | undefined;
  expect(throttled).toBeInstanceOf(GraphAuthError);
  expect(throttled?.retryable).toBe(true);
  expect(throttled?.retryAfterSeconds).toBe(12);
  expect(((await answer(503).catch((e: unknown) => e)) as GraphApiError).retryable).toBe(true);

  const offline = createTokenProvider({
    ...config(),
    fetch: () => Promise.reject(new TypeError('fetch failed')),
  });
  const err = (await offline.getToken().catch((e: unknown) => e)) as GraphAuthError;
  expect(err).toBeInstanceOf(GraphAuthError);
  expect(err.status).toBe(0);
  expect(err.retryable).toBe(true);
});
