/**
 * The portal end to end in Chromium: sign-up with the emailed activation link, sign-in, an
 * API token created in Settings and used from outside the browser, revocation, sign-out;
 * session expiry; the forgot-password flow; sign-in throttling.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, linkFromMail, startStack, type Stack } from './harness.ts';
import {
  PASSWORD,
  activeAccount as newAccount,
  onStack as onStackAt,
  signIn,
  uniqueEmail,
} from './support.ts';

const NEW_PASSWORD = 'Quiet-harbour-window-93';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The path and query of a mailed link, opened against the stack under test. */
const onStack = (link: string) => onStackAt(stack.baseUrl, link);

/** An active account (Grace Hopper) made through the API, for flows that start at Sign In. */
const activeAccount = (tag: string) => newAccount(stack.baseUrl, tag);

/** Content-Security-Policy violations reported by pages of the current test. */
let cspViolations: string[] = [];

afterEach(() => {
  const found = cspViolations;
  cspViolations = [];
  expect(found, 'the portal must run under the CSP without inline code').toEqual([]);
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: stack.baseUrl });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      cspViolations.push(message.text());
    }
  });
  return { context, page };
}

async function signInResponse(page: Page, password: string): Promise<number> {
  await page.getByLabel('Password', { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/signin')),
    page.getByRole('button', { name: 'Sign In' }).click(),
  ]);
  // The button is busy until the answer has been rendered.
  await page.getByRole('button', { name: 'Sign In' }).and(page.locator(':enabled')).waitFor();
  return response.status();
}

describe('account lifecycle', () => {
  it('signs up, activates, signs in, creates, uses and revokes an API token, and signs out', async () => {
    const { context, page } = await newPage();
    const email = uniqueEmail('lifecycle');

    // Sign up.
    await page.goto('/signup');
    await page.getByRole('heading', { level: 1, name: 'Sign up' }).waitFor();
    await page.getByLabel('First Name').fill('Ada');
    await page.getByLabel('Last Name').fill('Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm Password').fill(PASSWORD);
    const location = page.getByLabel('Location');
    await location.and(page.locator(':enabled')).waitFor();
    await location.selectOption('us');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain(email);

    // Signing in before activation is refused.
    await signIn(page, email, PASSWORD);
    await page
      .getByRole('alert')
      .filter({ hasText: /not confirmed/i })
      .waitFor();

    // Activation link from the outbox.
    const activation = await linkFromMail(stack.baseUrl, email, /activat/i);
    await page.goto(onStack(activation));
    await page.getByText(/is active/).waitFor();
    // The one-time token does not stay in the address bar or the history entry.
    expect(page.url()).toBe(`${stack.baseUrl}/activate`);
    await page.getByRole('main').getByRole('link', { name: 'Sign In' }).click();
    await page.waitForURL('**/signin');

    // Sign in.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ada' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // Settings › API tokens, through the navigation.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'API tokens' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor();

    // Create a token.
    await page.getByRole('button', { name: 'Create token' }).click();
    const create = page.getByRole('dialog', { name: 'Create API token' });
    await create.waitFor();
    await create.getByLabel('Name').fill('Nightly report');
    await create.getByRole('checkbox').first().check();
    await create.getByLabel('Expires in (days)').fill('30');
    await create.getByRole('button', { name: 'Create token' }).click();
    const created = page.getByRole('dialog', { name: 'Token created' });
    await created.waitFor();
    const secret = await created.getByLabel('Token secret').inputValue();
    expect(secret).toMatch(/^bwk_/);
    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /Nightly report/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');

    // The secret works from outside the browser.
    const me = await fetch(`${stack.baseUrl}/api/v1/me`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { email: string }; principal: { kind: string } };
    expect(body.user.email).toBe(email);
    expect(body.principal.kind).toBe('token');

    // Revoke it, with confirmation.
    await row.getByRole('button', { name: 'Revoke Nightly report' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke token?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByText('The token “Nightly report” has been revoked.').waitFor();
    await row.getByText('Revoked').waitFor();

    const revoked = await fetch(`${stack.baseUrl}/api/v1/me`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(revoked.status).toBe(401);

    // Sign out from the user menu.
    await page.getByRole('button', { name: 'Ada Lovelace' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await page.getByText('You have signed out.').waitFor();

    // The portal is closed again.
    await page.goto('/settings/api-tokens');
    await page.waitForURL('**/signin?redirect=%2Fsettings%2Fapi-tokens');
    await page.getByRole('heading', { level: 1, name: 'Sign In' }).waitFor();
    await context.close();
  });

  it('sends an expired session to Sign In with a notice, and back after signing in', async () => {
    const email = await activeAccount('expiry');
    const { context, page } = await newPage();
    await signIn(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();

    await context.clearCookies();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.waitForURL('**/signin?redirect=%2Fsettings%2Faccount');
    await page.getByText('Your session has ended. Please sign in again.').waitFor();

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/account');
    await context.close();
  });

  it('keeps the user signed in, and says so, when signing out fails', async () => {
    const email = await activeAccount('signout-fails');
    const { context, page } = await newPage();
    await signIn(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();
    const menu = page.getByRole('button', { name: 'Grace Hopper' });
    const signOut = page.getByRole('button', { name: 'Sign out' });
    const failure = page.getByRole('alert').filter({ hasText: 'You are still signed in' });

    // The server refuses.
    await page.route('**/api/v1/auth/signout', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'forbidden', message: 'Request refused.', requestId: 'e2e' },
        }),
      }),
    );
    await menu.click();
    await signOut.click();
    await failure.filter({ hasText: 'Request refused.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await page.request.get('/api/v1/me')).status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();

    // The server cannot be reached.
    await page.unroute('**/api/v1/auth/signout');
    await page.route('**/api/v1/auth/signout', (route) => route.abort('connectionrefused'));
    await signOut.click();
    await failure.filter({ hasText: /could not be reached/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // Once the server answers, signing out works and ends the server session.
    await page.unroute('**/api/v1/auth/signout');
    await signOut.click();
    await page.waitForURL('**/signin');
    await page.getByText('You have signed out.').waitFor();
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await context.close();
  });

  it('renames the account in Settings › Account and shows the location read-only', async () => {
    const email = await activeAccount('rename');
    const { context, page } = await newPage();
    await signIn(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();
    await page.goto('/settings/account');
    const name = page.getByRole('textbox', { name: 'Account Name' });
    await name.waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Ireland');

    await name.fill('Hopper Analytics');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The account name has been saved.').waitFor();

    await page.reload();
    await name.waitFor();
    expect(await name.inputValue()).toBe('Hopper Analytics');
    await context.close();
  });
});

describe('settings', () => {
  it('has the guide’s Settings pages, and those still being built say so', async () => {
    const email = await activeAccount('settings-pages');
    const { context, page } = await newPage();
    await signIn(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();
    await page.goto('/settings');
    await page.waitForURL('**/settings/account');
    const nav = page.getByRole('navigation', { name: 'Settings' });
    // The URL changes before the page renders: read the links once the navigation is there.
    await nav.getByRole('link', { name: 'API tokens' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Account',
      'User Management',
      'Security',
      'Notifications',
      'Integrations',
      'API tokens',
    ]);

    const later: [string, string, string][] = [
      ['User Management', '/settings/users', 'User management'],
      ['Notifications', '/settings/notifications', 'Notifications'],
      ['Integrations', '/settings/integrations', 'Integrations'],
    ];
    for (const [link, pathname, feature] of later) {
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: link }).waitFor();
      await page
        .getByRole('heading', { level: 2, name: `${feature} is not available yet` })
        .waitFor();
      expect(new URL(page.url()).pathname).toBe(pathname);
      expect(await page.title()).toBe(`Settings › ${link} · Bulwark`);
      expect(await nav.getByRole('link', { name: link }).getAttribute('aria-current')).toBe('page');
      // Nothing pretends to work: no tables, forms or fields on these pages.
      expect(await page.getByRole('main').locator('table, form, input, select').count()).toBe(0);
    }
    await context.close();
  });

  it('changes the password in Settings › Security, where /settings/password now leads', async () => {
    const email = await activeAccount('change-password');
    const { context, page } = await newPage();
    await signIn(page, email, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();

    await page.goto('/settings/password');
    await page.waitForURL('**/settings/security');
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Personal Password Policies' }).waitFor();
    const open = page.getByRole('button', { name: 'Change Password' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.waitFor();

    // A wrong current password is refused next to its field.
    await dialog.getByLabel('Current Password').fill('Not-my-password-at-all-1');
    await dialog.getByLabel('New Password', { exact: true }).fill(NEW_PASSWORD);
    await dialog.getByLabel('Confirm New Password').fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const current = dialog.getByLabel('Current Password');
    await current.and(page.locator('[aria-invalid="true"]')).waitFor();

    await current.fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Your password has been changed.').waitFor();
    await page.waitForFunction(
      () => document.activeElement?.textContent?.trim() === 'Change Password',
    );

    // The dialog opens empty again.
    await open.click();
    expect(await dialog.getByLabel('Current Password').inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The new password is the one that signs in.
    await page.getByRole('button', { name: 'Grace Hopper' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await page.getByLabel('Email').fill(email);
    expect(await signInResponse(page, PASSWORD)).toBe(401);
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();
    await context.close();
  });
});

describe('sign-up validation', () => {
  it('shows the server’s field errors next to the fields', async () => {
    const { context, page } = await newPage();
    await page.goto('/signup');
    await page.getByLabel('First Name').fill('Ada');
    await page.getByLabel('Last Name').fill('Lovelace');
    await page.getByLabel('Email').fill(uniqueEmail('weak'));
    await page.getByLabel('Password', { exact: true }).fill('password1234');
    await page.getByLabel('Confirm Password').fill('password1234');
    await page.getByLabel('Location').and(page.locator(':enabled')).waitFor();
    await page.getByLabel('Location').selectOption('eu-de');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Please correct the highlighted fields.' })
      .waitFor();

    const password = page.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(
      describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(messages.join(' ')).toMatch(/too common/i);
    await context.close();
  });
});

describe('forgot password', () => {
  it('resets the password through the emailed link and signs in with the new one', async () => {
    const email = await activeAccount('reset');
    const { context, page } = await newPage();

    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Password Reset' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText(/a reset link is on its way/).waitFor();

    const link = await linkFromMail(stack.baseUrl, email, /reset/i);
    await page.goto(onStack(link));
    await page.getByRole('heading', { level: 1, name: 'Change Your Password' }).waitFor();
    await page.waitForURL(`${stack.baseUrl}/reset-password`);

    // Mismatched confirmation is caught next to the field.
    await page.getByLabel('New Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm New Password').fill(`${NEW_PASSWORD}x`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The passwords do not match.').waitFor();

    await page.getByLabel('Confirm New Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/signin');
    await page
      .getByText('Your password has been changed. Sign in with your new password.')
      .waitFor();

    // The old password no longer works; the new one does.
    await page.getByLabel('Email').fill(email);
    expect(await signInResponse(page, PASSWORD)).toBe(401);
    await page
      .getByRole('alert')
      .filter({ hasText: /incorrect/i })
      .waitFor();
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace' }).waitFor();

    // The link works only once.
    await page.goto(onStack(link));
    await page.getByLabel('New Password', { exact: true }).fill('Another-fresh-passphrase-7');
    await page.getByLabel('Confirm New Password').fill('Another-fresh-passphrase-7');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /invalid|expired/i })
      .waitFor();
    await context.close();
  });
});

describe('sign-in throttling', () => {
  it('throttles repeated wrong passwords and says so, even for the right password', async () => {
    const email = await activeAccount('throttle');
    const { context, page } = await newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);

    let status = 0;
    for (let attempt = 1; attempt <= 12 && status !== 429; attempt++) {
      status = await signInResponse(page, `Wrong-guess-number-${attempt}`);
      if (status !== 429) {
        expect(status).toBe(401);
        await page
          .getByRole('alert')
          .filter({ hasText: /incorrect/i })
          .waitFor();
      }
    }
    expect(status).toBe(429);
    const alert = page.getByRole('alert').filter({ hasText: /Too many sign-in attempts/ });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/wait \d+ (second|minute|hour)s?/);

    // Locked out: the right password is refused the same way.
    expect(await signInResponse(page, PASSWORD)).toBe(429);
    await alert.waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await context.close();
  });
});
