import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  DEMO_USER_PASSWORD,
} from './app-registration.ts';
import { json, startTestSim, type TestSim } from './test-helpers.ts';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim({ consented: false });
});
afterAll(() => sim.close());

const tokenReq = (params: Record<string, string>, tenant = DEMO_TENANT_ID) =>
  fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams(params),
  });
const cc = {
  grant_type: 'client_credentials',
  client_id: DEMO_CLIENT_ID,
  client_secret: DEMO_CLIENT_SECRET,
  scope: 'https://graph.microsoft.com/.default',
};

describe('admin consent and client credentials', () => {
  it('refuses tokens before consent as Entra ID does (AADSTS700016)', async () => {
    const res = await tokenReq(cc);
    expect(res.status).toBe(400);
    const body = await json<{ error: string; error_codes: number[]; error_description: string }>(
      res,
    );
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_codes).toEqual([700016]);
    expect(body.error_description).toMatch(/^AADSTS700016:/);
  });

  it('redirects back from admin consent with admin_consent=True, tenant and state', async () => {
    const redirect = 'http://localhost:8787/api/m365/consent/callback';
    const res = await fetch(
      `${sim.url}/organizations/v2.0/adminconsent?client_id=${DEMO_CLIENT_ID}&scope=https://graph.microsoft.com/.default&redirect_uri=${encodeURIComponent(redirect)}&state=xyz%201`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location') ?? '');
    expect(loc.origin + loc.pathname).toBe(redirect);
    expect(loc.searchParams.get('admin_consent')).toBe('True');
    expect(loc.searchParams.get('tenant')).toBe(DEMO_TENANT_ID);
    expect(loc.searchParams.get('state')).toBe('xyz 1');
  });

  it('rejects an unregistered redirect URI with an error page (AADSTS50011)', async () => {
    const res = await fetch(
      `${sim.url}/common/adminconsent?client_id=${DEMO_CLIENT_ID}&redirect_uri=https://evil.example/cb`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('AADSTS50011');
  });

  it('issues expiring RS256 access tokens after consent, verifiable with the JWKS', async () => {
    const res = await tokenReq(cc);
    expect(res.status).toBe(200);
    const body = await json<{ token_type: string; expires_in: number; access_token: string }>(res);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3599);
    const claims = decodeJwt(body.access_token);
    expect(claims.tid).toBe(DEMO_TENANT_ID);
    expect(claims.appid).toBe(DEMO_CLIENT_ID);
    expect(claims.roles).toContain('Mail.ReadWrite');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3599);
    const jwks = createRemoteJWKSet(new URL(`${sim.url}/${DEMO_TENANT_ID}/discovery/v2.0/keys`));
    await expect(jwtVerify(body.access_token, jwks)).resolves.toBeTruthy();
  });

  it('checks the client secret (AADSTS7000215, 401) and the /.default scope', async () => {
    const bad = await tokenReq({ ...cc, client_secret: 'nope' });
    expect(bad.status).toBe(401);
    expect((await json<{ error: string }>(bad)).error).toBe('invalid_client');
    const scope = await tokenReq({ ...cc, scope: 'Mail.Read' });
    expect(scope.status).toBe(400);
    expect((await json<{ error: string }>(scope)).error).toBe('invalid_scope');
    const common = await tokenReq(cc, 'common');
    expect((await json<{ error_codes: number[] }>(common)).error_codes).toEqual([50059]);
  });

  it('fails token requests once consent is revoked; Graph rejects expired tokens', async () => {
    const t = await json<{ access_token: string }>(await tokenReq(cc));
    const ok = await fetch(`${sim.url}/v1.0/users`, {
      headers: { Authorization: `Bearer ${t.access_token}` },
    });
    expect(ok.status).toBe(200);
    await sim.control('/tokens/expire', {});
    const expired = await fetch(`${sim.url}/v1.0/users`, {
      headers: { Authorization: `Bearer ${t.access_token}` },
    });
    expect(expired.status).toBe(401);
    expect((await json<{ error: { code: string } }>(expired)).error.code).toBe(
      'InvalidAuthenticationToken',
    );
    await sim.control('/consent', { granted: false });
    const res = await tokenReq(cc);
    expect(res.status).toBe(400);
    expect((await json<{ error_codes: number[] }>(res)).error_codes).toEqual([700016]);
    await sim.control('/consent', { granted: true });
    expect((await tokenReq(cc)).status).toBe(200);
  });

  it('rejects Graph calls without a token', async () => {
    const res = await fetch(`${sim.url}/v1.0/users`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('OpenID Connect sign-in', () => {
  it('publishes discovery and signs users in with the authorization-code flow (PKCE, nonce)', async () => {
    const disc = await json<{
      issuer: string;
      authorization_endpoint: string;
      token_endpoint: string;
      jwks_uri: string;
    }>(await fetch(`${sim.url}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`));
    expect(disc.issuer).toBe(`${sim.url}/${DEMO_TENANT_ID}/v2.0`);
    const common = await json<{ issuer: string }>(
      await fetch(`${sim.url}/common/v2.0/.well-known/openid-configuration`),
    );
    expect(common.issuer).toBe(`${sim.url}/{tenantid}/v2.0`);
    const user = await sim.firstUser();
    const verifier = 'v'.repeat(50);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = 'http://localhost:8787/api/auth/microsoft/callback';
    const authUrl = new URL(disc.authorization_endpoint);
    authUrl.search = new URLSearchParams({
      client_id: DEMO_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirect,
      scope: 'openid profile email',
      state: 's1',
      nonce: 'n1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    // the sign-in page, then the form post with the user's password
    const page = await fetch(authUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    const form = new URLSearchParams(authUrl.searchParams);
    form.set('loginfmt', user.userPrincipalName);
    form.set('passwd', 'wrong');
    const wrong = await fetch(authUrl, { method: 'POST', body: form, redirect: 'manual' });
    expect(wrong.status).toBe(401);
    form.set('passwd', DEMO_USER_PASSWORD);
    const posted = await fetch(authUrl, { method: 'POST', body: form, redirect: 'manual' });
    expect(posted.status).toBe(302);
    const back = new URL(posted.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code') ?? '';
    const tok = await fetch(disc.token_endpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: DEMO_CLIENT_ID,
        client_secret: DEMO_CLIENT_SECRET,
        code,
        redirect_uri: redirect,
        code_verifier: verifier,
      }),
    });
    expect(tok.status).toBe(200);
    const body = await json<{ id_token: string; access_token: string }>(tok);
    const jwks = createRemoteJWKSet(new URL(disc.jwks_uri));
    const { payload } = await jwtVerify(body.id_token, jwks, {
      issuer: disc.issuer,
      audience: DEMO_CLIENT_ID,
    });
    expect(payload.nonce).toBe('n1');
    expect(payload.preferred_username).toBe(user.userPrincipalName);
    expect(payload.tid).toBe(DEMO_TENANT_ID);
    // the code is single-use
    const again = await fetch(disc.token_endpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: DEMO_CLIENT_ID,
        client_secret: DEMO_CLIENT_SECRET,
        code,
        redirect_uri: redirect,
        code_verifier: verifier,
      }),
    });
    expect((await json<{ error: string }>(again)).error).toBe('invalid_grant');
    // a delegated token can call /me
    const me = await fetch(`${sim.url}/v1.0/me`, {
      headers: { Authorization: `Bearer ${body.access_token}` },
    });
    expect((await json<{ id: string }>(me)).id).toBe(user.id);
  });
});
