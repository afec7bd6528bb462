/** OpenID Connect discovery and the signing keys (JWKS). */
import type { Context, Hono } from 'hono';
import type { Sim } from '../sim.ts';
import { aadError, requestOrigin } from './aad-http.ts';
import { tenantKind } from './client-checks.ts';

export function registerDiscovery(app: Hono, sim: Sim): void {
  const discovery = (c: Context) => {
    const seg = c.req.param('tenant') ?? 'common';
    const kind = tenantKind(sim, seg);
    if (kind === 'unknown')
      return aadError(c, {
        error: 'invalid_tenant',
        code: 90002,
        description: `Tenant '${seg}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      });
    const o = requestOrigin(c);
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
          issuer: `${requestOrigin(c)}/${sim.tenant.id}/v2.0`,
        },
      ],
    });
  app.get('/:tenant/discovery/v2.0/keys', keys);
  app.get('/:tenant/discovery/keys', keys);
}
