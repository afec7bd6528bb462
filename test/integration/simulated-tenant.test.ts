import { env } from 'cloudflare:test';
import { expect, it } from 'vitest';

// The Worker under test is configured against the simulated tenant the global setup
// started, so Graph work in workerd reaches a real HTTP peer.
it('points Graph and Entra ID at the simulated tenant', async () => {
  expect(env.GRAPH_BASE_URL).toBe(env.LOGIN_BASE_URL);
  const res = await fetch(`${env.GRAPH_BASE_URL}/v1.0/users`);
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string } };
  expect(body.error.code).toBe('InvalidAuthenticationToken');
});
