import { exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import { expect, it } from 'vitest';
import type { AppType } from '../../workers/app';
import { ORIGIN } from './support/api';
import { insertUser, PASSWORD } from './support/fixtures';

// The portal's client is `hc<AppType>`; this proves route types flow through the chained
// `.openapi()`/`.route()` calls (a regression here is a compile error, caught by tsc).
it('drives the API through the typed hc client', async () => {
  const client = hc<AppType>(ORIGIN, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(input, init),
    headers: { origin: ORIGIN },
  });
  const regions = await client.api.v1.regions.$get();
  expect(regions.status).toBe(200);
  if (regions.status === 200) {
    const body = await regions.json();
    expect(body.regions[0]?.code).toBe('us');
  }

  const user = await insertUser();
  const signin = await client.api.v1.auth.signin.$post({
    json: { email: user.email, password: PASSWORD },
  });
  expect(signin.status).toBe(200);
  if (signin.status === 200) {
    const me = await signin.json();
    expect(me.user.email).toBe(user.email);
    expect(me.principal.kind).toBe('session');
  }
});
