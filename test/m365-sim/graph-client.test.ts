/**
 * The real @microsoft/microsoft-graph-client with the middleware the product uses
 * (workers/graph: auth that works on an http:// base URL, retry that honours Retry-After).
 * It reads every folder of a mailbox through delta while throttled and must see every
 * message exactly once. The simulator itself imports nothing from workers/; only this test does.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGraphClient, followLink } from '../../workers/graph/client.ts';
import { json, startTestSim, type TestSim } from './test-helpers.ts';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim({
    timeScale: 600,
    limits: { mailboxRequests: 30 },
    size: { users: 6, messagesPerMailbox: 60 },
  });
});
afterAll(() => sim.close());

it('reads a mailbox through delta while throttled, every item exactly once', async () => {
  const user = (await sim.firstUser()).id;
  let retries = 0;
  const client = createGraphClient({
    graphBaseUrl: sim.url,
    loginBaseUrl: sim.url,
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    retry: { maxRetries: 20, onRetry: () => retries++ },
  });

  // every folder: follow the folder delta's nextLinks to its deltaLink
  type FolderPage = {
    value: { id: string; totalItemCount: number }[];
    '@odata.nextLink'?: string;
    '@odata.deltaLink'?: string;
  };
  let folderPage = (await client
    .api(`/users/${user}/mailFolders/delta`)
    .header('Prefer', 'odata.maxpagesize=5')
    .get()) as FolderPage;
  const folders = { value: [...folderPage.value] };
  let folderPages = 1;
  while (folderPage['@odata.nextLink']) {
    folderPage = (await followLink(client, folderPage['@odata.nextLink'])
      .header('Prefer', 'odata.maxpagesize=5')
      .get()) as FolderPage;
    folders.value.push(...folderPage.value);
    folderPages++;
  }
  expect(folderPage['@odata.deltaLink']).toBeTruthy();
  expect(folderPages).toBeGreaterThan(1);
  expect(new Set(folders.value.map((f) => f.id)).size).toBe(folders.value.length);
  const seen = new Map<string, number>();
  let expected = 0;
  await Promise.all(
    folders.value.map(async (f) => {
      expected += f.totalItemCount;
      let page = (await client
        .api(`/users/${user}/mailFolders/${f.id}/messages/delta`)
        .header('Prefer', 'odata.maxpagesize=4')
        .select('id,subject')
        .get()) as {
        value: { id: string }[];
        '@odata.nextLink'?: string;
        '@odata.deltaLink'?: string;
      };
      for (;;) {
        // fetch bodies beside the listing: more than 4 at once trips MailboxConcurrency
        await Promise.all(
          page.value.map((m) => client.api(`/users/${user}/messages/${m.id}/$value`).getStream()),
        );
        for (const m of page.value) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
        const next = page['@odata.nextLink'];
        if (!next) break;
        page = (await followLink(client, next)
          .header('Prefer', 'odata.maxpagesize=4')
          .get()) as typeof page;
      }
      expect(page['@odata.deltaLink']).toBeTruthy();
    }),
  );
  expect(seen.size).toBe(expected);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
  const summary = await json<{ throttled: number }>(await sim.control('/requests/summary'));
  expect(summary.throttled).toBeGreaterThan(0);
  expect(retries).toBeGreaterThan(0);
});
