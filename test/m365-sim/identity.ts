/**
 * Entra ID (Microsoft identity platform v2.0) endpoints: admin consent, the token endpoint
 * (client credentials, authorization code, refresh token), OpenID Connect discovery, JWKS,
 * authorize (a sign-in page) and logout.
 */
import type { Hono } from 'hono';
import { registerAdminConsent } from './identity/admin-consent.ts';
import { registerAuthorize } from './identity/authorize.ts';
import { registerDiscovery } from './identity/discovery.ts';
import { registerTokenEndpoint } from './identity/token-endpoint.ts';
import type { Sim } from './sim.ts';

export function registerIdentity(app: Hono, sim: Sim): void {
  registerAdminConsent(app, sim);
  registerDiscovery(app, sim);
  registerAuthorize(app, sim);
  registerTokenEndpoint(app, sim);
}
