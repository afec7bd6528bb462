/** The token endpoint: client credentials here, user grants in user-token-grants.ts. */
import type { Hono } from 'hono';
import type { Sim } from '../sim.ts';
import { aadError, form } from './aad-http.ts';
import { tenantKind } from './client-checks.ts';
import { userTokenGrant } from './user-token-grants.ts';

export function registerTokenEndpoint(app: Hono, sim: Sim): void {
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

    if (grant === 'authorization_code' || grant === 'refresh_token')
      return userTokenGrant(c, sim, f, grant, appReg, clientId, secret);
    return aadError(c, {
      error: 'unsupported_grant_type',
      code: 70003,
      description: `The app requested an unsupported grant type '${grant}'.`,
    });
  });
}
