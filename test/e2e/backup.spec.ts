/**
 * Exchange backup in Chromium, under the portal's CSP: the demo account adds an Exchange
 * task, connects the simulated demo tenant (its admin consent answers at once), sees the
 * mailboxes, activates three, runs Backup now, watches progress until they succeed, and
 * opens the drill-down chart of one of them.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startStack, type Stack } from './harness.ts';

let stack: Stack;
let browser: Browser;
const AXE = path.resolve('node_modules/axe-core/axe.min.js');
let demo: { email: string; password: string };
/** The task page and a drill-down the first test reached, for the accessibility checks. */
let taskPath: string | undefined;
let drillPath: string | undefined;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const res = await fetch(`${stack.baseUrl}/dev/seed`, { method: 'POST' });
  expect(res.status, await res.clone().text()).toBe(200);
  demo = (await res.json()) as { email: string; password: string };
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signInAsDemo(page: Page): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(demo.email);
  await page.getByLabel('Password', { exact: true }).fill(demo.password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
}

describe('Exchange backup', () => {
  it('connects the demo tenant, backs up three mailboxes and shows their drill-down', async () => {
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    const page = await context.newPage();
    await signInAsDemo(page);
    // Errors from here on (before sign-in, GET /me answering 401 is the expected answer).
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });

    // Add backup task › Microsoft Exchange › name › Authenticate → consent → back, connected.
    await page.getByRole('link', { name: 'Add backup task' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Add backup task' }).waitFor();
    expect(await page.getByRole('radio', { name: /Microsoft OneDrive/ }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: /Microsoft Exchange/ }).check();
    const name = `Demo mailboxes ${Date.now().toString(36)}`;
    await page.getByLabel('Backup name').fill(name);
    await page.getByRole('button', { name: 'Authenticate' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });
    await page.getByText('Microsoft 365 is connected.').waitFor();
    await page.getByText('Connected', { exact: true }).waitFor();

    // Discovery ran during the connection: the demo tenant's mailboxes are listed.
    const boxes = page.getByRole('checkbox', { name: /^Select (?!all)/ });
    await boxes.first().waitFor({ timeout: 30_000 });
    expect(await boxes.count()).toBeGreaterThanOrEqual(3);

    // Licensed user mailboxes only (unlicensed ones have no mailbox to back up), then
    // activate three.
    await page.getByLabel('Licensing').selectOption('licensed');
    await page
      .getByRole('row', { name: /Unlicensed/ })
      .first()
      .waitFor({ state: 'detached' });
    await page.getByText(/mailboxes match/).waitFor();
    const rows = page.locator('tbody tr');
    const picked: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await boxes.nth(i).check();
      picked.push((await rows.nth(i).locator('th').locator('a').textContent())!.trim());
    }
    await page.getByText('3 selected').waitFor();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByText('3 mailboxes activated.').waitFor();
    for (const mailbox of picked) {
      const row = page.getByRole('row', { name: new RegExp(mailbox) });
      await row.getByText(/^(Scheduled|In Process|Success)$/).waitFor();
    }

    // Backup now, and watch the progress until all three succeed.
    for (const mailbox of picked) {
      await page.getByRole('checkbox', { name: `Select ${mailbox}` }).check();
    }
    await page.getByRole('button', { name: 'Backup now' }).click();
    // Mailboxes whose first backup (started by activation) is still running are skipped.
    await page.getByText(/^[0-3] mailbox(es)? queued for backup\.$/).waitFor();
    await page.getByRole('progressbar').first().waitFor({ timeout: 20_000 });
    for (const mailbox of picked) {
      await page
        .getByRole('row', { name: new RegExp(mailbox) })
        .getByText('Success', { exact: true })
        .waitFor({ timeout: 180_000 });
    }

    // Drill-down of the first: chart with sliders, tiles per sub-service.
    taskPath = new URL(page.url()).pathname;
    await page.getByRole('link', { name: picked[0]!, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: picked[0]! }).waitFor();
    const chart = page.getByRole('group', { name: /Items backed up per day/ });
    await chart.waitFor();
    const bars = chart.getByRole('img');
    expect(await bars.count()).toBe(30);
    const today = bars.last();
    expect(await today.getAttribute('aria-label')).toMatch(/[1-9][\d,]* items/);
    await today.hover();
    await page
      .locator('.tip')
      .getByText(/^Mail: /)
      .waitFor();
    await page.getByLabel(/First day/).fill('20');
    expect(await chart.getByRole('img').count()).toBe(10);
    for (const tile of ['Mail', 'Contacts', 'Calendars', 'Tasks', 'Notes']) {
      await page.getByRole('heading', { level: 3, name: tile }).waitFor();
    }
    await page.getByRole('heading', { name: 'Snapshots' }).waitFor();
    drillPath = new URL(page.url()).pathname;
    expect(problems).toEqual([]);
    await context.close();
  }, 360_000);

  it('finds no serious or critical axe violations on the backup screens', async () => {
    expect(taskPath && drillPath, 'the first test reached the drill-down').toBeTruthy();
    // bypassCSP only so that axe can be injected; the test above runs under the CSP.
    const context = await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true });
    const page = await context.newPage();
    await signInAsDemo(page);
    const check = async (where: string) => {
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
          .axe;
        return (await axe.run()).violations;
      })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, where).toEqual([]);
    };

    await check('Homepage with a task');
    await page.goto('/tasks/new');
    await page.getByRole('heading', { level: 1, name: 'Add backup task' }).waitFor();
    await check('Add backup task');
    await page.getByRole('button', { name: 'Authenticate' }).click();
    await page.getByText('Enter a name for the backup task.').first().waitFor();
    await check('Add backup task with an error');

    // A consent that came back with an error says why (and the address forgets it).
    await page.goto(`${taskPath!}?connectError=${encodeURIComponent('Consent was declined.')}`);
    await page
      .getByRole('alert')
      .getByText(/Consent was declined\./)
      .waitFor();
    expect(new URL(page.url()).search).toBe('');
    await page
      .getByRole('checkbox', { name: /^Select (?!all)/ })
      .first()
      .waitFor();
    await check('Task page');
    // Search narrows the list once typing pauses.
    const firstName = (await page.locator('tbody tr th a').first().textContent())!.trim();
    await page.getByLabel('Search by name or email').fill(firstName);
    const rowCount = () => page.locator('tbody tr').count();
    await expect.poll(rowCount, { timeout: 10_000 }).toBe(1);
    await page.locator('tbody th').getByText(firstName, { exact: true }).waitFor();
    await page.getByLabel('Search by name or email').fill('');
    await expect.poll(rowCount, { timeout: 10_000 }).toBeGreaterThan(1);
    await page
      .getByRole('checkbox', { name: /^Select (?!all)/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Tags…' }).click();
    const tags = page.getByRole('dialog', { name: 'Tags' });
    await tags.getByLabel('Tag name').waitFor();
    await check('Tags dialog');
    await tags.getByLabel('Tag name').fill('Executives');
    await tags.getByLabel(/Limited Access/).check();
    await tags.getByRole('button', { name: 'Create' }).click();
    await tags.getByRole('checkbox', { name: /Executives/ }).waitFor();
    await tags.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/^Tags updated on 1 mailbox/).waitFor();
    await page
      .getByText(/Executives\s*·\s*Limited Access/)
      .first()
      .waitFor();
    await page
      .getByRole('checkbox', { name: /^Select (?!all)/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete backups?' });
    await confirm.getByText(/7 days/).waitFor();
    await check('Delete dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Backup frequency').waitFor();
    await check('Task settings');
    await page.getByLabel('Backup frequency').selectOption('weekly');
    await page.getByLabel('Backup hour (UTC)').selectOption('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The settings have been saved.').waitFor();

    await page.goto(drillPath!);
    await page.getByRole('group', { name: /Items backed up per day/ }).waitFor();
    await check('Drill-down');

    // Reflow to 320 CSS pixels: wide tables scroll inside their own box, not the page.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const where of ['/tasks/new', taskPath!, drillPath!]) {
      await page.goto(where);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .waitFor({ state: 'detached' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, where).toBeLessThanOrEqual(320);
    }
    await context.close();
  });
});
