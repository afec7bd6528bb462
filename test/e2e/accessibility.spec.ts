/**
 * Accessibility in Chromium: axe-core finds no serious or critical violations on the main
 * screens; the skip link, focus on navigation and the small-screen menu work by keyboard.
 * Contexts bypass the CSP only so axe can be injected; portal.spec.ts runs under the CSP.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, linkFromMail, startStack, type Stack } from './harness.ts';
import { activeAccount, onStack, signIn, signUpBody, uniqueEmail } from './support.ts';

const AXE = path.resolve('node_modules/axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let stack: Stack;
let browser: Browser;
let email: string;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  email = await activeAccount(stack.baseUrl, 'a11y', {
    firstName: 'Alan',
    lastName: 'Turing',
    region: 'uk',
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

async function signedInPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, email);
  await page.getByRole('heading', { level: 1, name: 'Welcome, Alan' }).waitFor();
  return { context, page };
}

describe('axe-core', () => {
  it('finds no serious or critical violations on Sign In and Sign up', async () => {
    const context = await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true });
    const page = await context.newPage();

    await page.goto('/signin');
    await page.getByRole('heading', { level: 1, name: 'Sign In' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // With an error shown next to the form.
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByText('Enter your email address.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/signup');
    await page.getByRole('heading', { level: 1, name: 'Sign up' }).waitFor();
    await page.getByLabel('Location').and(page.locator(':enabled')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('finds no serious or critical violations on the password and activation screens', async () => {
    const context = await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true });
    const page = await context.newPage();

    await page.goto('/forgot-password');
    await page.getByRole('heading', { level: 1, name: 'Password Reset' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('Enter your email address.').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(uniqueEmail('a11y-nobody'));
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText(/a reset link is on its way/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A reset link: the form, its errors, and a refused token.
    await page.goto('/reset-password?token=not-a-real-token');
    await page.getByRole('heading', { level: 1, name: 'Change Your Password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('New Password', { exact: true }).fill('Brisk-violet-harbour-17');
    await page.getByLabel('Confirm New Password').fill('Brisk-violet-harbour-18');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The passwords do not match.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Confirm New Password').fill('Brisk-violet-harbour-17');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/reset-password');
    await page.getByText(/This reset link is incomplete/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Activation: a real link, then one that is refused.
    const newcomer = uniqueEmail('a11y-activate');
    const signedUp = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: signUpBody(newcomer),
    });
    expect(signedUp.status).toBe(201);
    const activation = await linkFromMail(stack.baseUrl, newcomer, /activat/i);
    await page.goto(onStack(stack.baseUrl, activation));
    await page.getByText(/is active/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/activate?token=not-a-real-token');
    await page.getByText(/Links expire after a while/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('finds no serious or critical violations in Settings › Security and its Change Password dialog', async () => {
    const { context, page } = await signedInPage();
    await page.goto('/settings/security');
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Change Password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.getByLabel('Current Password').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Enter your current password.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const pages: [string, string][] = [
      ['/settings/users', 'User Management'],
      ['/settings/notifications', 'Notifications'],
      ['/settings/integrations', 'Integrations'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  it('finds no serious or critical violations in the portal', async () => {
    const { context, page } = await signedInPage();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/settings/account');
    await page.getByRole('textbox', { name: 'Account Name' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/settings/api-tokens');
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await dialog.getByRole('checkbox').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Name').fill('Accessibility check');
    await dialog.getByRole('button', { name: 'Select all' }).click();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await page
      .getByRole('dialog', { name: 'Token created' })
      .getByRole('button', { name: 'Done' })
      .click();
    const row = page.getByRole('row', { name: /Accessibility check/ });
    await row.waitFor();
    await row.getByText(/^\d+ scopes$/).click();
    await row.getByText('View account settings').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/api-reference');
    await page.getByRole('heading', { level: 2, name: /version/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/jobs');
    await page.getByRole('heading', { name: 'Jobs is not available yet' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('keyboard and small screens', () => {
  it('offers a skip link and moves focus to the new page heading on navigation', async () => {
    const { context, page } = await signedInPage();
    // A fresh load keeps focus at the top of the document.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Alan' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Jobs' })
      .focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: 'Jobs' });
    await heading.waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(await page.title()).toBe('Jobs · Bulwark');
    await context.close();
  });

  it('jumps within the API reference from its table of contents without losing the page', async () => {
    const context = await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/api-reference');
    const contents = page.getByRole('navigation', { name: 'API sections' });
    await contents.getByRole('link', { name: /\/api\/v1\/me$/ }).click();
    await page.waitForURL('**/api-reference#op-get-api-v1-me');
    const top = await page.evaluate(
      () => document.getElementById('op-get-api-v1-me')?.getBoundingClientRect().top,
    );
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(100);

    await page.getByLabel('Filter endpoints').fill('/api/v1/tokens');
    await page
      .getByRole('status')
      .filter({ hasText: /^3 endpoints$/ })
      .waitFor();
    await context.close();
  });

  it('collapses the navigation behind a Menu button on a phone-sized screen', async () => {
    const { context, page } = await signedInPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const menu = page.getByRole('button', { name: 'Menu' });
    const jobs = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' });
    expect(await jobs.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    await menu.click();
    await jobs.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await jobs.click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await jobs.waitFor({ state: 'hidden' });
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('reflows to 320 CSS pixels without horizontal scrolling', async () => {
    const { context, page } = await signedInPage();
    await page.setViewportSize({ width: 320, height: 640 });
    const pages: [string, string][] = [
      ['/', 'Welcome, Alan'],
      ['/tasks/new', 'Add backup task'],
      ['/settings/account', 'Account'],
      ['/settings/security', 'Security'],
      ['/settings/api-tokens', 'API tokens'],
      ['/api-reference', 'API reference'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .waitFor({ state: 'detached' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(320);
    }
    await context.close();
  });
});
