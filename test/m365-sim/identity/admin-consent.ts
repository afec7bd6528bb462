/** The admin consent endpoint: 302 back to the app with consent granted or declined. */
import type { Context, Hono } from 'hono';
import type { Sim } from '../sim.ts';
import { errorPage } from './aad-http.ts';
import { redirectAllowed, tenantKind } from './client-checks.ts';

export function registerAdminConsent(app: Hono, sim: Sim): void {
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
}
