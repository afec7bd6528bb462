/** The authorization-code and refresh-token grants: an ID token, a delegated access token and (with offline_access) a refresh token. */
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { SignJWT } from 'jose';
import type { AppRegistration, Sim } from '../sim.ts';
import { aadError, requestOrigin } from './aad-http.ts';

export async function userTokenGrant(
  c: Context,
  sim: Sim,
  f: URLSearchParams,
  grant: 'authorization_code' | 'refresh_token',
  appReg: AppRegistration,
  clientId: string,
  secret: string | null,
): Promise<Response> {
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
  const o = requestOrigin(c);
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
