/** App registrations and Graph access tokens: signing (client credentials) and verification. */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { GraphError } from '../graph/http.ts';
import type { Sim } from '../sim.ts';

export interface AppRegistration {
  clientId: string;
  secret: string;
  displayName: string;
  redirectUris: readonly string[];
  roles: readonly string[];
}

export interface AuthInfo {
  appId: string;
  userId?: string;
  claims: JWTPayload;
}

export function servicePrincipalId(clientId: string): string {
  const h = Buffer.from(clientId.replace(/-/g, ''), 'hex');
  for (let i = 0; i < h.length; i++) h[i] = (h[i] ?? 0) ^ 0x5a;
  const s = h.toString('hex');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export async function signAppToken(
  sim: Sim,
  app: AppRegistration,
): Promise<{ token: string; expiresIn: number }> {
  const now = Math.floor(Date.now() / 1000);
  const life = sim.options.tokenLifetimeSeconds;
  const token = await new SignJWT({
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${sim.tenant.id}/`,
    idp: `https://sts.windows.net/${sim.tenant.id}/`,
    app_displayname: app.displayName,
    appid: app.clientId,
    appidacr: '1',
    idtyp: 'app',
    oid: servicePrincipalId(app.clientId),
    sub: servicePrincipalId(app.clientId),
    roles: [...app.roles],
    tid: sim.tenant.id,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
    iat_ms: Date.now(),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sim.kid })
    .setIssuedAt(now)
    .setNotBefore(now - 300)
    .setExpirationTime(now + life)
    .sign(sim.privateKey);
  return { token, expiresIn: life };
}

export async function verifyGraphToken(
  sim: Sim,
  tokenCache: Map<string, AuthInfo>,
  header: string | null,
): Promise<AuthInfo> {
  const unauth = (message: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${sim.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
  if (!header) throw unauth('Access token is empty.');
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m?.[1]) throw unauth('Access token is empty.');
  const token = m[1];
  let info = tokenCache.get(token);
  if (!info) {
    try {
      const { payload } = await jwtVerify(token, sim.publicKey, { clockTolerance: 0 });
      const appId = String(payload.appid ?? payload.azp ?? '');
      info = {
        appId,
        claims: payload,
        ...(payload.idtyp === 'user' && typeof payload.oid === 'string'
          ? { userId: payload.oid }
          : {}),
      };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED')
        throw unauth('Lifetime validation failed, the token is expired.');
      throw unauth(
        token.split('.').length !== 3
          ? 'IDX14100: JWT is not well formed, there are no dots (.).'
          : 'Access token validation failure. Invalid audience.',
      );
    }
    if (tokenCache.size > 10_000) tokenCache.clear();
    tokenCache.set(token, info);
  }
  const exp = Number(info.claims.exp ?? 0) * 1000;
  const issuedMs = Number(info.claims.iat_ms ?? Number(info.claims.iat ?? 0) * 1000);
  if (exp <= Date.now() || issuedMs < sim.tokensNotBefore)
    throw unauth('Lifetime validation failed, the token is expired.');
  if (info.claims.tid !== sim.tenant.id)
    throw unauth('Access token validation failure. Invalid audience.');
  return info;
}
