/**
 * Entra ID (Microsoft identity platform v2.0) endpoints: admin consent, the token endpoint
 * (client credentials, authorization code, refresh token), OpenID Connect discovery, JWKS,
 * authorize (a sign-in page) and logout.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { SignJWT } from 'jose';
import { DEMO_USER_PASSWORD } from './app-registration.ts';
import type { AppRegistration, Sim } from './sim.ts';
import { escapeHtml, type User } from './tenant.ts';

interface AadError {
  error: string;
  code: number;
  description: string;
  status?: 400 | 401;
}

function aadError(c: Context, e: AadError): Response {
  const now = new Date();
  const trace = randomUUID();
  const corr = randomUUID();
  const ts = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return c.json(
    {
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.description} Trace ID: ${trace} Correlation ID: ${corr} Timestamp: ${ts}`,
      error_codes: [e.code],
      timestamp: ts,
      trace_id: trace,
      correlation_id: corr,
      error_uri: `${new URL(c.req.url).origin}/error?code=${e.code}`,
    },
    e.status ?? 400,
  );
}

function errorPage(c: Context, code: number, text: string): Response {
  return c.html(
    `<!doctype html><html><head><title>Sign in to your account</title></head><body><h1>Sorry, but we’re having trouble signing you in.</h1><p id="error">AADSTS${code}: ${escapeHtml(text)}</p></body></html>`,
    400,
  );
}

/** Resolves the tenant segment: the demo tenant's id or one of its domains; common/organizations. */
function tenantKind(sim: Sim, seg: string): 'tenant' | 'multi' | 'unknown' {
  const s = seg.toLowerCase();
  if (s === 'common' || s === 'organizations') return 'multi';
  if (s === sim.tenant.id || s === sim.tenant.domain || s === sim.tenant.initialDomain)
    return 'tenant';
  return 'unknown';
}

function redirectAllowed(app: AppRegistration, uri: string): boolean {
  if (app.redirectUris.includes(uri)) return true;
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

async function form(c: Context): Promise<URLSearchParams> {
  const text = await c.req.text();
  return new URLSearchParams(text);
}

export function registerIdentity(app: Hono, sim: Sim): void {
  const origin = (c: Context) => new URL(c.req.url).origin;

  // ------------------------------------------------------------ admin consent
  const adminConsent = (c: Context) => {
    const q = new URL(c.req.url).searchParams;
    const tenantSeg = c.req.param('tenant') ?? 'common';
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    const state = q.get('state');
    const appReg = sim.apps.get(clientId);
    if (tenantKind(sim, tenantSeg) === 'unknown')
      return errorPage(c, 90002, `Tenant '${tenantSeg}' not found.`);
    if (!appReg)
      return errorPage(
        c,
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${sim.tenant.displayName}'.`,
      );
    if (!redirectUri || !redirectAllowed(appReg, redirectUri))
      return errorPage(
        c,
        50011,
        `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
      );
    const target = new URL(redirectUri);
    if (q.get('sim_decline') === '1' || sim.consentDecision === 'decline') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set(
        'error_description',
        'AADSTS65004: User declined to consent to access the app.',
      );
    } else {
      sim.grantConsent(clientId);
      target.searchParams.set('admin_consent', 'True');
      target.searchParams.set('tenant', sim.tenant.id);
      if (q.get('scope')) target.searchParams.set('scope', q.get('scope') ?? '');
    }
    if (state !== null) target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  };
  app.get('/:tenant/adminconsent', adminConsent);
  app.get('/:tenant/v2.0/adminconsent', adminConsent);

  // ------------------------------------------------------------ discovery
  const discovery = (c: Context) => {
    const seg = c.req.param('tenant') ?? 'common';
    const kind = tenantKind(sim, seg);
    if (kind === 'unknown')
      return aadError(c, {
        error: 'invalid_tenant',
        code: 90002,
        description: `Tenant '${seg}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      });
    const o = origin(c);
    const tid = kind === 'multi' ? '{tenantid}' : sim.tenant.id;
    const base = `${o}/${kind === 'multi' ? seg : sim.tenant.id}`;
    return c.json({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${o}/${tid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${o}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(o).host,
      rbac_url: 'https://pas.windows.net',
    });
  };
  app.get('/:tenant/v2.0/.well-known/openid-configuration', discovery);
  const keys = (c: Context) =>
    c.json({
      keys: [
        {
          kty: sim.jwk.kty,
          use: 'sig',
          kid: sim.kid,
          x5t: sim.kid,
          n: sim.jwk.n,
          e: sim.jwk.e,
          alg: 'RS256',
          issuer: `${origin(c)}/${sim.tenant.id}/v2.0`,
        },
      ],
    });
  app.get('/:tenant/discovery/v2.0/keys', keys);
  app.get('/:tenant/discovery/keys', keys);

  // ------------------------------------------------------------ authorize (sign-in page)
  const signInPage = (c: Context, q: URLSearchParams, message?: string) => {
    const hidden = [...q.entries()]
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head><body>
<main><h1>Sign in</h1><p>${escapeHtml(sim.tenant.displayName)} (simulated Microsoft Entra ID)</p>
${message ? `<p id="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="">${hidden}
<label>Email, phone, or Skype <input id="i0116" name="loginfmt" type="email" autocomplete="username" value="${escapeHtml(q.get('login_hint') ?? '')}"></label>
<label>Password <input id="i0118" name="passwd" type="password" autocomplete="current-password"></label>
<button id="idSIButton9" type="submit">Sign in</button></form>
<p>Every simulated user's password is <code>${escapeHtml(DEMO_USER_PASSWORD)}</code>.</p></main></body></html>`,
      message ? 401 : 200,
    );
  };

  const validateAuthorize = (c: Context, q: URLSearchParams): Response | AppRegistration => {
    const seg = c.req.param('tenant') ?? 'common';
    if (tenantKind(sim, seg) === 'unknown')
      return errorPage(c, 90002, `Tenant '${seg}' not found.`);
    const appReg = sim.apps.get(q.get('client_id') ?? '');
    if (!appReg)
      return errorPage(
        c,
        700016,
        `Application with identifier '${q.get('client_id') ?? ''}' was not found in the directory '${sim.tenant.displayName}'.`,
      );
    const ru = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(appReg, ru))
      return errorPage(
        c,
        50011,
        `The redirect URI '${ru}' specified in the request does not match the redirect URIs configured for the application '${appReg.clientId}'.`,
      );
    if (q.get('response_type') !== 'code')
      return errorPage(
        c,
        700054,
        `response_type '${q.get('response_type') ?? ''}' is not enabled for the application.`,
      );
    return appReg;
  };

  const finishSignIn = (c: Context, q: URLSearchParams, user: User) => {
    const code = randomUUID() + '.' + randomUUID();
    sim.authCodes.set(code, {
      userId: user.id,
      clientId: q.get('client_id') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
      scope: q.get('scope') ?? 'openid',
      ...(q.get('nonce') ? { nonce: q.get('nonce') ?? '' } : {}),
      ...(q.get('code_challenge') ? { codeChallenge: q.get('code_challenge') ?? '' } : {}),
      exp: Date.now() + 10 * 60_000,
    });
    const params = new URLSearchParams({ code });
    if (q.get('state') !== null) params.set('state', q.get('state') ?? '');
    params.set('session_state', randomUUID());
    const ru = q.get('redirect_uri') ?? '';
    if (q.get('response_mode') === 'form_post') {
      const inputs = [...params.entries()]
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
        .join('');
      return c.html(
        `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(ru)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`,
      );
    }
    const target = new URL(ru);
    for (const [k, v] of params) target.searchParams.set(k, v);
    return c.redirect(target.toString(), 302);
  };

  const findSignInUser = (name: string): User | undefined => {
    const u = sim.tenant.user(name.trim());
    return u;
  };

  app.get('/:tenant/oauth2/v2.0/authorize', (c) => {
    const q = new URL(c.req.url).searchParams;
    const v = validateAuthorize(c, q);
    if (v instanceof Response) return v;
    const hint = q.get('login_hint');
    if (hint && q.get('prompt') !== 'login') {
      const u = findSignInUser(hint);
      if (u && u.accountEnabled) return finishSignIn(c, q, u);
    }
    return signInPage(c, q);
  });
  app.post('/:tenant/oauth2/v2.0/authorize', async (c) => {
    const all = await form(c);
    const login = all.get('loginfmt') ?? '';
    const pw = all.get('passwd') ?? '';
    all.delete('loginfmt');
    all.delete('passwd');
    const v = validateAuthorize(c, all);
    if (v instanceof Response) return v;
    const u = findSignInUser(login);
    if (!u || pw !== DEMO_USER_PASSWORD)
      return signInPage(
        c,
        all,
        'Your account or password is incorrect. If you don’t remember your password, reset it now.',
      );
    if (!u.accountEnabled) return signInPage(c, all, 'AADSTS50057: The user account is disabled.');
    return finishSignIn(c, all, u);
  });

  app.get('/:tenant/oauth2/v2.0/logout', (c) => {
    const q = new URL(c.req.url).searchParams;
    const back = q.get('post_logout_redirect_uri');
    if (back) return c.redirect(back, 302);
    return c.html(
      '<!doctype html><html><body><p>You signed out of your account.</p></body></html>',
    );
  });

  // ------------------------------------------------------------ token endpoint
  app.post('/:tenant/oauth2/v2.0/token', async (c) => {
    const seg = c.req.param('tenant');
    const kind = tenantKind(sim, seg);
    const f = await form(c);
    let clientId = f.get('client_id') ?? '';
    let secret = f.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (basic?.[1]) {
      const [id, sec] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(sec ?? '');
    }
    if (kind === 'unknown')
      return aadError(c, {
        error: 'invalid_request',
        code: 90002,
        description: `Tenant '${seg}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      });
    const grant = f.get('grant_type');
    const appReg = sim.apps.get(clientId);
    if (!grant)
      return aadError(c, {
        error: 'invalid_request',
        code: 900144,
        description: "The request body must contain the following parameter: 'grant_type'.",
      });
    if (!appReg)
      return aadError(c, {
        error: 'unauthorized_client',
        code: 700016,
        description: `Application with identifier '${clientId}' was not found in the directory '${sim.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      });

    if (grant === 'client_credentials') {
      if (kind === 'multi')
        return aadError(c, {
          error: 'invalid_request',
          code: 50059,
          description:
            'No tenant-identifying information found in either the request or implied by any provided credentials.',
        });
      if (!secret)
        return aadError(c, {
          error: 'invalid_client',
          code: 7000218,
          description:
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
          status: 401,
        });
      if (secret !== appReg.secret)
        return aadError(c, {
          error: 'invalid_client',
          code: 7000215,
          description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
          status: 401,
        });
      const scope = f.get('scope') ?? '';
      if (!/\/\.default$/.test(scope))
        return aadError(c, {
          error: 'invalid_scope',
          code: 1002012,
          description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        });
      if (!sim.consented.has(clientId))
        return aadError(c, {
          error: 'unauthorized_client',
          code: 700016,
          description: `Application with identifier '${clientId}' was not found in the directory '${sim.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        });
      const { token, expiresIn } = await sim.signAppToken(appReg);
      return c.json({
        token_type: 'Bearer',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: token,
      });
    }

    if (grant === 'authorization_code' || grant === 'refresh_token') {
      let userId: string;
      let scope: string;
      let nonce: string | undefined;
      if (grant === 'authorization_code') {
        const code = f.get('code') ?? '';
        const entry = sim.authCodes.get(code);
        if (!entry || entry.exp < Date.now() || entry.clientId !== clientId)
          return aadError(c, {
            error: 'invalid_grant',
            code: 70008,
            description:
              'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
          });
        if (entry.redirectUri !== (f.get('redirect_uri') ?? ''))
          return aadError(c, {
            error: 'invalid_grant',
            code: 500112,
            description:
              'The reply address does not match the reply address provided when requesting Authorization code.',
          });
        if (entry.codeChallenge) {
          const verifier = f.get('code_verifier') ?? '';
          const hash = createHash('sha256').update(verifier).digest('base64url');
          if (hash !== entry.codeChallenge)
            return aadError(c, {
              error: 'invalid_grant',
              code: 501481,
              description:
                'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
            });
        }
        sim.authCodes.delete(code);
        userId = entry.userId;
        scope = entry.scope;
        nonce = entry.nonce;
      } else {
        const rt = sim.refreshTokens.get(f.get('refresh_token') ?? '');
        if (!rt || rt.clientId !== clientId)
          return aadError(c, {
            error: 'invalid_grant',
            code: 9002313,
            description: 'Invalid request. Request is malformed or invalid.',
          });
        userId = rt.userId;
        scope = rt.scope;
      }
      if (secret !== null && secret !== undefined && secret !== appReg.secret)
        return aadError(c, {
          error: 'invalid_client',
          code: 7000215,
          description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
          status: 401,
        });
      const user = sim.tenant.users.find((u) => u.id === userId);
      if (!user || !user.accountEnabled)
        return aadError(c, {
          error: 'invalid_grant',
          code: 50057,
          description: 'The user account is disabled.',
        });
      const now = Math.floor(Date.now() / 1000);
      const o = origin(c);
      const scopes = scope.split(/\s+/).filter(Boolean);
      const sub = createHash('sha256')
        .update(`${user.id}:${clientId}`)
        .digest('base64url')
        .slice(0, 43);
      const idToken = await new SignJWT({
        aud: clientId,
        iss: `${o}/${sim.tenant.id}/v2.0`,
        name: user.displayName,
        oid: user.id,
        preferred_username: user.userPrincipalName,
        ...(scopes.includes('email') && user.mail ? { email: user.mail } : {}),
        rh: '0.AAAA' + sub.slice(0, 20),
        sub,
        tid: sim.tenant.id,
        uti: randomUUID().replace(/-/g, '').slice(0, 22),
        ver: '2.0',
        ...(nonce ? { nonce } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sim.kid })
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + 3600)
        .sign(sim.privateKey);
      const access = await new SignJWT({
        aud: '00000003-0000-0000-c000-000000000000',
        iss: `https://sts.windows.net/${sim.tenant.id}/`,
        appid: clientId,
        app_displayname: appReg.displayName,
        idtyp: 'user',
        oid: user.id,
        sub,
        name: user.displayName,
        upn: user.userPrincipalName,
        scp:
          scopes
            .filter((s) => !['openid', 'profile', 'email', 'offline_access'].includes(s))
            .join(' ') || 'User.Read',
        tid: sim.tenant.id,
        ver: '1.0',
        iat_ms: Date.now(),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sim.kid })
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + sim.options.tokenLifetimeSeconds)
        .sign(sim.privateKey);
      const body: Record<string, unknown> = {
        token_type: 'Bearer',
        scope: scopes.join(' '),
        expires_in: sim.options.tokenLifetimeSeconds,
        ext_expires_in: sim.options.tokenLifetimeSeconds,
        access_token: access,
        id_token: idToken,
      };
      if (scopes.includes('offline_access')) {
        const rt = randomUUID() + randomUUID();
        sim.refreshTokens.set(rt, { userId, clientId, scope });
        body.refresh_token = rt;
      }
      return c.json(body);
    }
    return aadError(c, {
      error: 'unsupported_grant_type',
      code: 70003,
      description: `The app requested an unsupported grant type '${grant}'.`,
    });
  });
}
