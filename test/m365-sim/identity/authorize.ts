/** Interactive sign-in: the authorize endpoint (a sign-in page, authorization codes) and logout. */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { DEMO_USER_PASSWORD } from '../app-registration.ts';
import type { AppRegistration, Sim } from '../sim.ts';
import { escapeHtml, type User } from '../tenant.ts';
import { errorPage, form } from './aad-http.ts';
import { redirectAllowed, tenantKind } from './client-checks.ts';

export function registerAuthorize(app: Hono, sim: Sim): void {
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
}
