/**
 * The Exchange readers against the simulated tenant, in workerd. The simulator is shared with
 * other test files: only licensed users 14–17 are touched, faults are scoped by user id.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from '../../workers/graph/client';
import { MailboxGovernor } from '../../workers/graph/governor';
import { exchangeReaders, DeltaResetError, ItemGoneError } from '../../workers/exchange/index';
import type { ExchangeReader, ReaderItem } from '../../workers/exchange/types';
import type { FolderInput } from '../../workers/backup/types';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID } from '../m365-sim/app-registration';

const sim = (path: string, body?: unknown, method?: string) =>
  fetch(`${env.GRAPH_BASE_URL}/_sim${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
const simJson = async <T>(path: string, body?: unknown, method?: string) =>
  (await (await sim(path, body, method)).json()) as T;

function client(governor = new MailboxGovernor()): Client {
  return createGraphClient({
    graphBaseUrl: env.GRAPH_BASE_URL,
    loginBaseUrl: env.LOGIN_BASE_URL,
    tenantId: DEMO_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    governor,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
}

async function sha256(content: ReadableStream<Uint8Array> | Uint8Array): Promise<string> {
  const ds = new crypto.DigestStream('SHA-256');
  if (content instanceof Uint8Array) {
    const w = ds.getWriter();
    await w.write(content);
    await w.close();
  } else {
    await content.pipeTo(ds);
  }
  return [...new Uint8Array(await ds.digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads a folder to its deltaLink; returns items, removals and the link. */
async function drain(
  r: ExchangeReader,
  c: Client,
  user: string,
  folder: string,
  cursor: string | null,
) {
  const items: ReaderItem[] = [];
  const removed: string[] = [];
  for (;;) {
    const page = await r.readPage(c, user, folder, cursor);
    items.push(...page.items);
    removed.push(...page.removed);
    cursor = page.next;
    if (page.done) return { items, removed, deltaLink: page.next };
  }
}

function folderPaths(folders: FolderInput[]): Map<string, string> {
  const byId = new Map(folders.map((f) => [f.graphId, f]));
  const path = (f: FolderInput): string => {
    if (f.wellKnown === 'recoverableitemsdeletions') return '/Recoverable Items/Deletions';
    const parent = f.parentGraphId ? byId.get(f.parentGraphId) : undefined;
    return `${parent ? path(parent) : ''}/${f.name}`;
  };
  return new Map(folders.map((f) => [f.graphId, path(f)]));
}

interface Digest {
  entries: { key: string; contentHash: string; props: Record<string, unknown> }[];
}
async function mailTruth(user: string): Promise<Map<string, string>> {
  const d = await simJson<Digest>(`/digest/mailbox/${user}`);
  return new Map(
    d.entries
      .filter((e) => e.key.includes('|') && !e.key.startsWith('/Notes|'))
      .map((e) => [e.key, e.contentHash]),
  );
}

/** Every message of the mailbox through the mail reader: `path|internetMessageId` → hash. */
async function readMailbox(c: Client, user: string) {
  const folders = await exchangeReaders.mail.listFolders(c, user);
  const paths = folderPaths(folders);
  const got = new Map<string, string>();
  const links = new Map<string, string>();
  for (const f of folders) {
    const { items, deltaLink } = await drain(exchangeReaders.mail, c, user, f.graphId, null);
    links.set(f.graphId, deltaLink);
    for (const it of items) {
      got.set(
        `${paths.get(f.graphId)}|${String(it.meta.internetMessageId)}`,
        await sha256(await it.content()),
      );
    }
  }
  return { folders, got, links, paths };
}

// Every request of this file is also checked against graph-paths.json with the rest of the
// suite's (global-setup.ts).
let users: string[];
beforeAll(async () => {
  const t = await simJson<{ users: { id: string; licensed: boolean }[] }>('/tenant');
  users = t.users
    .filter((u) => u.licensed)
    .slice(14, 18)
    .map((u) => u.id);
});

describe('mail', () => {
  it('reads every folder and message of a mailbox; MIME hashes equal the ground truth', async () => {
    const user = users[0]!;
    const c = client();
    const { folders, got, links, paths } = await readMailbox(c, user);
    expect(folders.find((f) => f.wellKnown === 'recoverableitemsdeletions')?.hidden).toBe(true);
    expect(folders.find((f) => f.wellKnown === 'inbox')?.name).toBe('Inbox');
    expect(folders.some((f) => f.hidden && f.wellKnown === undefined)).toBe(true);
    expect(folders.some((f) => f.name === 'Notes')).toBe(false);
    expect(got).toEqual(await mailTruth(user));

    // incremental: add, update, move, delete
    const inbox = folders.find((f) => f.wellKnown === 'inbox')!;
    const archive = folders.find((f) => f.wellKnown === 'archive')!;
    const firstPage = await exchangeReaders.mail.readPage(c, user, inbox.graphId, null);
    const [a, b, d] = firstPage.items;
    await sim('/mutate', [
      { op: 'mail.add', user, folder: 'inbox', count: 2, subject: 'Incremental add' },
      { op: 'mail.update', user, id: a!.graphId, isRead: false, flagStatus: 'flagged' },
      { op: 'mail.move', user, id: b!.graphId, folder: 'archive' },
      { op: 'mail.delete', user, id: d!.graphId },
    ]);
    const inc = await drain(
      exchangeReaders.mail,
      c,
      user,
      inbox.graphId,
      links.get(inbox.graphId)!,
    );
    const arc = await drain(
      exchangeReaders.mail,
      c,
      user,
      archive.graphId,
      links.get(archive.graphId)!,
    );
    expect(inc.items.filter((i) => i.meta.subject === 'Incremental add')).toHaveLength(2);
    expect(inc.items.find((i) => i.graphId === a!.graphId)?.meta.flag).toMatchObject({
      flagStatus: 'flagged',
    });
    expect(inc.removed).toEqual(expect.arrayContaining([b!.graphId, d!.graphId]));
    // immutable ids: the moved message keeps its id in its new folder
    expect(arc.items.map((i) => i.graphId)).toContain(b!.graphId);
    expect(paths.get(archive.graphId)).toBe('/Archive');
  });

  it('reads notes from the Notes folder only', async () => {
    const c = client();
    const folders = await exchangeReaders.notes.listFolders(c, users[0]!);
    expect(folders.map((f) => f.name)).toEqual(['Notes']);
    const page = await exchangeReaders.notes.readPage(c, users[0]!, folders[0]!.graphId, null);
    expect(page.items.every((i) => i.kind === 'note')).toBe(true);
  });
});

describe('contacts, calendar, tasks', () => {
  it('reads every container and item with stable JSON content', async () => {
    const user = users[0]!;
    const c = client();
    for (const sub of ['contacts', 'calendar', 'tasks'] as const) {
      const r = exchangeReaders[sub];
      const folders = await r.listFolders(c, user);
      expect(folders.length).toBeGreaterThan(1);
      let count = 0;
      for (const f of folders) {
        const { items, deltaLink } = await drain(r, c, user, f.graphId, null);
        count += items.length;
        for (const it of items) {
          const bytes = (await it.content()) as Uint8Array;
          const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
          expect(json.id).toBe(it.graphId);
          expect(Object.keys(json)).toEqual(Object.keys(json).sort());
        }
        // nothing changed: the delta link answers an empty page
        const again = await r.readPage(c, user, f.graphId, deltaLink);
        expect(again.items.length + again.removed.length).toBe(0);
      }
      expect(count).toBeGreaterThan(0);
      if (sub === 'calendar') {
        const all = await Promise.all(folders.map((f) => drain(r, c, user, f.graphId, null)));
        const items = all.flatMap((x) => x.items);
        const masters = items.filter((i) => i.meta.type === 'seriesMaster');
        expect(masters.length).toBeGreaterThan(0);
        const m = JSON.parse(
          new TextDecoder().decode((await masters[0]!.content()) as Uint8Array),
        ) as {
          recurrence: unknown;
        };
        expect(m.recurrence).toBeTruthy();
        expect(items.some((i) => i.meta.type === 'occurrence')).toBe(false);
      }
      if (sub === 'tasks') {
        const lists = await Promise.all(folders.map((f) => drain(r, c, user, f.graphId, null)));
        const withChecklist = lists.flatMap((l) => l.items).filter((i) => i.search.subject);
        expect(withChecklist.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('faults', () => {
  it('a delta reset throws DeltaResetError; a vanished message throws ItemGoneError', async () => {
    const user = users[1]!;
    const c = client();
    const folders = await exchangeReaders.mail.listFolders(c, user);
    const inbox = folders.find((f) => f.wellKnown === 'inbox')!;
    const { items, deltaLink } = await drain(exchangeReaders.mail, c, user, inbox.graphId, null);
    await sim('/delta/reset', { mailbox: user });
    await expect(
      exchangeReaders.mail.readPage(c, user, inbox.graphId, deltaLink),
    ).rejects.toBeInstanceOf(DeltaResetError);
    const fault = await simJson<{ id: string }>('/faults', {
      kind: 'vanish',
      path: `${user}/messages/[^/]+/\\$value`,
      count: 1,
    });
    await expect(items[0]!.content()).rejects.toBeInstanceOf(ItemGoneError);
    await sim(`/faults/${fault.id}`, undefined, 'DELETE');
  });

  it('survives a 429 storm, 503s and token expiry with the same ground truth', async () => {
    const user = users[2]!;
    const c = client();
    await sim('/tokens/expire', {});
    const storm = await simJson<{ id: string }>('/faults', {
      kind: 'status',
      status: 429,
      retryAfter: 1,
      path: `${user}/mailFolders/[^/]+/messages`,
      count: 3,
    });
    const outage = await simJson<{ id: string }>('/faults', {
      kind: 'status',
      status: 503,
      path: `${user}/messages/[^/]+/\\$value`,
      count: 3,
    });
    const { got } = await readMailbox(c, user);
    expect(got).toEqual(await mailTruth(user));
    for (const f of [storm, outage]) {
      expect((await simJson<{ fired: number }>(`/faults/${f.id}`)).fired).toBe(3);
      await sim(`/faults/${f.id}`, undefined, 'DELETE');
    }
  });

  it('never has more than 4 requests in flight to one mailbox', async () => {
    const user = users[3]!;
    const governor = new MailboxGovernor();
    const c = client(governor);
    const folders = await exchangeReaders.mail.listFolders(c, user);
    const inbox = folders.find((f) => f.wellKnown === 'inbox')!;
    const page = await exchangeReaders.mail.readPage(c, user, inbox.graphId, null);
    expect(page.items.length).toBeGreaterThan(6);
    const before = (await simJson<{ last: number }>('/requests')).last;
    const hold = await simJson<{ id: string }>('/faults', {
      kind: 'hold',
      path: `${user}/messages/[^/]+/\\$value`,
    });
    const reads = Promise.all(page.items.map(async (i) => sha256(await i.content())));
    while ((await simJson<{ holding: number }>(`/faults/${hold.id}`)).holding < 4) {
      await scheduler.wait(10);
    }
    expect(governor.inFlight).toBe(4);
    expect((await simJson<{ holding: number }>(`/faults/${hold.id}`)).holding).toBe(4);
    await sim(`/faults/${hold.id}/release`, {});
    await reads;
    await sim(`/faults/${hold.id}`, undefined, 'DELETE');
    const log = await simJson<{ entries: { status: number; mailbox?: string }[] }>(
      `/requests?since=${before}`,
    );
    expect(log.entries.filter((e) => e.mailbox === user && e.status === 429)).toEqual([]);
  });
});
