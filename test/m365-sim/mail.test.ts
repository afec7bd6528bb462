import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from './mime.ts';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

let sim: TestSim;
let user: string;
beforeAll(async () => {
  sim = await startTestSim({ throttling: false });
  user = (await sim.firstUser()).id;
});
afterAll(() => sim.close());

type Msg = {
  id: string;
  subject: string;
  isDraft: boolean;
  isRead: boolean;
  parentFolderId: string;
  sentDateTime: string;
  receivedDateTime: string;
  internetMessageId: string;
  '@removed'?: { reason: string };
};

describe('directory', () => {
  it('lists users with default properties, $select, $filter and paging', async () => {
    const page = await json<{ value: Record<string, unknown>[]; '@odata.nextLink'?: string }>(
      await sim.graph('/users?$top=5'),
    );
    expect(page.value).toHaveLength(5);
    expect(page.value[0]).not.toHaveProperty('department');
    expect(page['@odata.nextLink']).toContain('$skiptoken=');
    const all = await drain(
      sim,
      '/users?$select=id,displayName,accountEnabled,department,city,country,ageGroup,companyName,jobTitle,officeLocation,assignedLicenses&$top=5',
    );
    expect(all.values).toHaveLength(12);
    expect(all.values.filter((u) => u.accountEnabled === false).length).toBeGreaterThanOrEqual(2);
    expect(all.values.some((u) => (u.assignedLicenses as unknown[]).length === 0)).toBe(true);
    const filtered = await json<{ value: { accountEnabled: boolean }[] }>(
      await sim.graph('/users?$filter=accountEnabled eq false&$select=accountEnabled'),
    );
    expect(filtered.value.every((u) => u.accountEnabled === false)).toBe(true);
  });

  it('lists groups with resourceProvisioningOptions, members and owners', async () => {
    const groups = await json<{ value: { id: string; resourceProvisioningOptions: string[] }[] }>(
      await sim.graph('/groups'),
    );
    expect(groups.value.length).toBeGreaterThanOrEqual(6);
    const team = groups.value.find((g) => g.resourceProvisioningOptions.includes('Team'));
    expect(team).toBeTruthy();
    const members = await json<{ value: unknown[] }>(
      await sim.graph(`/groups/${team?.id ?? ''}/members`),
    );
    expect(members.value.length).toBeGreaterThan(0);
    const owners = await json<{ value: unknown[] }>(
      await sim.graph(`/groups/${team?.id ?? ''}/owners`),
    );
    expect(owners.value.length).toBe(1);
  });

  it('answers unknown users with 404 and unlicensed mailboxes with MailboxNotEnabledForRESTAPI', async () => {
    expect((await sim.graph('/users/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const t = await json<{ users: { id: string; mailboxKind: string }[] }>(
      await sim.control('/tenant'),
    );
    const none = t.users.find((u) => u.mailboxKind === 'none');
    const res = await sim.graph(`/users/${none?.id ?? ''}/messages`);
    expect(res.status).toBe(404);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe(
      'MailboxNotEnabledForRESTAPI',
    );
  });

  it('rejects query options the operation does not declare', async () => {
    const res = await sim.graph(
      `/users/${user}/messages/$value`.replace('/$value', '?$frobnicate=1'),
    );
    expect(res.status).toBe(400);
    expect((await json<{ error: { message: string } }>(res)).error.message).toContain(
      "'$frobnicate'",
    );
  });
});

describe('mail folders', () => {
  it('has the well-known tree, hidden folders only on request, child folders', async () => {
    const top = await drain(sim, `/users/${user}/mailFolders?$top=50`);
    const names = top.values.map((f) => f.displayName);
    for (const n of [
      'Inbox',
      'Sent Items',
      'Drafts',
      'Deleted Items',
      'Archive',
      'Junk Email',
      'Notes',
    ])
      expect(names).toContain(n);
    expect(names).not.toContain('Social Activity Notifications');
    const hidden = await drain(sim, `/users/${user}/mailFolders?includeHiddenFolders=true&$top=50`);
    expect(hidden.values.map((f) => f.displayName)).toContain('Social Activity Notifications');
    const inbox = await json<{ id: string; childFolderCount: number; totalItemCount: number }>(
      await sim.graph(`/users/${user}/mailFolders/inbox`),
    );
    expect(inbox.childFolderCount).toBe(3);
    const kids = await json<{ value: { displayName: string }[] }>(
      await sim.graph(`/users/${user}/mailFolders/${inbox.id}/childFolders`),
    );
    expect(kids.value.map((k) => k.displayName).sort()).toEqual([
      'Newsletters',
      'Projects',
      'Receipts',
    ]);
    const rec = await sim.graph(`/users/${user}/mailFolders/recoverableitemsdeletions`);
    expect(rec.status).toBe(200);
  });

  it('creates folders and refuses duplicates', async () => {
    const res = await sim.graph(`/users/${user}/mailFolders/inbox/childFolders`, {
      method: 'POST',
      json: { displayName: 'Restored ✓' },
    });
    expect(res.status).toBe(201);
    const dup = await sim.graph(`/users/${user}/mailFolders/inbox/childFolders`, {
      method: 'POST',
      json: { displayName: 'Restored ✓' },
    });
    expect(dup.status).toBe(409);
  });
});

describe('messages', () => {
  it('serves real MIME at $value that parses back to the message', async () => {
    const list = await drain(sim, `/users/${user}/messages?$top=50`);
    expect(list.values.length).toBeGreaterThan(20);
    let kinds = new Set<string>();
    for (const m of list.values.slice(0, 25) as Msg[]) {
      const res = await sim.graph(`/users/${user}/messages/${m.id}/$value`);
      expect(res.status).toBe(200);
      const mime = Buffer.from(await res.arrayBuffer());
      const p = parseMime(mime);
      expect(p.subject).toBe(m.subject);
      expect(p.messageId).toBe(m.internetMessageId);
      kinds = new Set([...kinds, p.headers.get('content-type')?.split(';')[0] ?? 'text/plain']);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(3);
  });

  it('creates from MIME as a draft; only JSON with PR_MESSAGE_FLAGS at creation is not a draft', async () => {
    const mime =
      'From: A <a@x.example>\r\nTo: B <b@x.example>\r\nSubject: =?UTF-8?B?w5xiZXJ3ZWlzdW5n?=\r\nDate: Mon, 2 Jun 2025 10:00:00 +0000\r\nMessage-ID: <restore-1@x.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n';
    const created = await sim.graph(`/users/${user}/mailFolders/inbox/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: Buffer.from(mime).toString('base64'),
    });
    expect(created.status).toBe(201);
    const m = await json<Msg>(created);
    expect(m.isDraft).toBe(true);
    expect(m.subject).toBe('Überweisung');
    const value = await sim.graph(`/users/${user}/messages/${m.id}/$value`);
    expect(Buffer.from(await value.arrayBuffer()).toString()).toBe(mime);
    // setting PR_MESSAGE_FLAGS afterwards does not clear the draft state
    const patched = await json<Msg>(
      await sim.graph(`/users/${user}/messages/${m.id}`, {
        method: 'PATCH',
        json: { singleValueExtendedProperties: [{ id: 'Integer 0x0E07', value: '1' }] },
      }),
    );
    expect(patched.isDraft).toBe(true);

    const jsonCreated = await json<Msg>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages`, {
        method: 'POST',
        json: {
          subject: 'Restored',
          body: { contentType: 'text', content: 'x' },
          singleValueExtendedProperties: [
            { id: 'Integer 0x0E07', value: '1' },
            { id: 'SystemTime 0x0039', value: '2024-01-02T03:04:05Z' },
            { id: 'SystemTime 0x0E06', value: '2024-01-02T03:05:00Z' },
          ],
        },
      }),
    );
    expect(jsonCreated.isDraft).toBe(false);
    expect(jsonCreated.isRead).toBe(true);
    expect(jsonCreated.sentDateTime).toBe('2024-01-02T03:04:05Z');
    expect(jsonCreated.receivedDateTime).toBe('2024-01-02T03:05:00Z');
    const plain = await json<Msg>(
      await sim.graph(`/users/${user}/messages`, { method: 'POST', json: { subject: 'draft' } }),
    );
    expect(plain.isDraft).toBe(true);
    const ext = await json<{ singleValueExtendedProperties: { id: string; value: string }[] }>(
      await sim.graph(
        `/users/${user}/messages/${jsonCreated.id}?$expand=singleValueExtendedProperties($filter=id eq 'Integer 0x0E07')`,
      ),
    );
    expect(ext.singleValueExtendedProperties).toEqual([{ id: 'Integer 0xe07', value: '1' }]);
  });

  it('accepts only x- internet message headers on create', async () => {
    const bad = await sim.graph(`/users/${user}/messages`, {
      method: 'POST',
      json: { subject: 'h', internetMessageHeaders: [{ name: 'From', value: 'x' }] },
    });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { code: string } }>(bad)).error.code).toBe(
      'InvalidInternetMessageHeader',
    );
    const ok = await sim.graph(`/users/${user}/messages`, {
      method: 'POST',
      json: { subject: 'h', internetMessageHeaders: [{ name: 'x-bulwark-restore', value: '1' }] },
    });
    expect(ok.status).toBe(201);
  });

  it('changes ids on move unless immutable ids are requested', async () => {
    const [a, b] = (
      await json<{ value: Msg[] }>(
        await sim.graph(`/users/${user}/mailFolders/inbox/messages?$top=2`),
      )
    ).value;
    const moved = await json<Msg>(
      await sim.graph(`/users/${user}/messages/${a?.id ?? ''}/move`, {
        method: 'POST',
        json: { destinationId: 'archive' },
      }),
    );
    expect(moved.id).not.toBe(a?.id);
    expect((await sim.graph(`/users/${user}/messages/${a?.id ?? ''}`)).status).toBe(404);
    expect((await sim.graph(`/users/${user}/messages/${moved.id}`)).status).toBe(200);
    const imm = { Prefer: 'IdType="ImmutableId"' };
    const before = await json<Msg>(
      await sim.graph(`/users/${user}/messages/${b?.id ?? ''}`, { headers: imm }),
    );
    const after = await json<Msg>(
      await sim.graph(`/users/${user}/messages/${before.id}/move`, {
        method: 'POST',
        headers: imm,
        json: { destinationId: 'archive' },
      }),
    );
    expect(after.id).toBe(before.id);
  });

  it('pages mailbox-wide lists to the end, skipping Recoverable Items', async () => {
    const all = await drain(sim, `/users/${user}/messages`, { Prefer: 'odata.maxpagesize=7' });
    const ids = new Set(all.values.map((v) => v.id));
    expect(ids.size).toBe(all.values.length);
    const folders = await drain(sim, `/users/${user}/mailFolders/delta()`);
    const visible = folders.values.reduce((n, f) => n + Number(f.totalItemCount), 0);
    expect(all.values.length).toBe(visible);
  });

  it('rejects malformed ids with 400 and unknown ones with 404', async () => {
    expect((await sim.graph(`/users/${user}/messages/not-an-id`)).status).toBe(400);
  });
});

describe('message delta', () => {
  it('pages with maxpagesize, then reports adds, changes, moves and deletions with @removed', async () => {
    const folder = `/users/${user}/mailFolders/archive/messages/delta()`;
    const first = await drain(sim, folder, { Prefer: 'odata.maxpagesize=3' });
    expect(first.pages).toBeGreaterThan(1);
    const ids = new Set(first.values.map((v) => v.id));
    expect(ids.size).toBe(first.values.length);
    const folderInfo = await json<{ totalItemCount: number }>(
      await sim.graph(`/users/${user}/mailFolders/archive`),
    );
    expect(first.values.length).toBe(folderInfo.totalItemCount);
    expect(first.deltaLink).toContain('$deltatoken=');

    const [x, y] = first.values as Msg[];
    const added = await json<{ ids: string[] }>(
      await sim.control('/mutate', { op: 'mail.add', user, folder: 'archive', count: 2 }),
    );
    await sim.control('/mutate', { op: 'mail.update', user, id: x?.id, isRead: !x?.isRead });
    await sim.control('/mutate', { op: 'mail.move', user, id: y?.id, folder: 'inbox' });
    await sim.control('/mutate', { op: 'mail.delete', user, id: added.ids[1] });

    const second = await drain(sim, first.deltaLink ?? '', { Prefer: 'odata.maxpagesize=2' });
    const removed = second.values.filter((v) => v['@removed']);
    const present = second.values.filter((v) => !v['@removed']).map((v) => v.id);
    expect(present).toContain(added.ids[0]);
    expect(present).toContain(x?.id);
    expect(removed.map((r) => r.id)).toContain(y?.id);
    expect(removed.map((r) => r.id)).toContain(added.ids[1]);
    expect((removed[0]?.['@removed'] as { reason: string }).reason).toBe('deleted');
    // changed and removed items alike say what they are
    expect(second.values.every((v) => v['@odata.type'] === '#microsoft.graph.message')).toBe(true);

    const third = await drain(sim, second.deltaLink ?? '');
    expect(third.values).toHaveLength(0);
  });

  it('answers a reset delta token with 410 syncStateNotFound and the initial query in Location', async () => {
    const first = await drain(
      sim,
      `/users/${user}/mailFolders/inbox/messages/delta()?$select=subject`,
    );
    await sim.control('/delta/reset', { mailbox: user });
    const res = await sim.graph(first.deltaLink ?? '');
    expect(res.status).toBe(410);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('syncStateNotFound');
    const again = res.headers.get('location') ?? '';
    expect(again).toBe(
      `${sim.graphUrl}/users/${user}/mailFolders/inbox/messages/delta()?$select=subject`,
    );
    const full = await drain(sim, again);
    expect(full.values.map((v) => v.id).sort()).toEqual(first.values.map((v) => v.id).sort());
  });

  it('tracks folders with mailFolders/delta', async () => {
    const first = await drain(sim, `/users/${user}/mailFolders/delta()`);
    expect(first.values.map((f) => f.displayName)).toContain('Inbox');
    await sim.control('/mutate', { op: 'folder.add', user, parent: 'inbox', name: 'Neu' });
    const second = await drain(sim, first.deltaLink ?? '');
    expect(second.values.map((f) => f.displayName)).toEqual(['Neu']);
    const neu = second.values[0] as { id: string; parentFolderId: string };
    await sim.control('/mutate', { op: 'folder.update', user, id: neu.id, name: 'Umbenannt' });
    const third = await drain(sim, second.deltaLink ?? '');
    expect(third.values.map((f) => [f.id, f.displayName])).toEqual([[neu.id, 'Umbenannt']]);
    await sim.control('/mutate', { op: 'folder.update', user, id: neu.id, parent: 'archive' });
    const fourth = await drain(sim, third.deltaLink ?? '');
    expect(fourth.values.map((f) => f.id)).toEqual([neu.id]);
    const archive = await json<{ id: string }>(
      await sim.graph(`/users/${user}/mailFolders/archive`),
    );
    expect(fourth.values[0]?.parentFolderId).toBe(archive.id);
    expect(fourth.values[0]?.parentFolderId).not.toBe(neu.parentFolderId);
  });
});

describe('ground truth', () => {
  it('digests a mailbox deterministically and sees changes', async () => {
    const a = await json<{ digest: string; count: number }>(
      await sim.control(`/digest/mailbox/${user}`),
    );
    const b = await json<{ digest: string; count: number }>(
      await sim.control(`/digest/mailbox/${user}`),
    );
    expect(a.digest).toBe(b.digest);
    await sim.control('/mutate', { op: 'mail.add', user, folder: 'inbox' });
    const c = await json<{ digest: string; count: number }>(
      await sim.control(`/digest/mailbox/${user}`),
    );
    expect(c.digest).not.toBe(a.digest);
    expect(c.count).toBe(a.count + 1);
  });
});

describe('created messages are deterministic', () => {
  it('derives changeKey, conversationId and internetMessageId from the seed (same after a reset)', async () => {
    const create = async () => {
      const fromJson = await json<Record<string, string>>(
        await sim.graph(`/users/${user}/messages`, {
          method: 'POST',
          json: { subject: 'Determinism', body: { contentType: 'text', content: 'x' } },
        }),
      );
      const mime = Buffer.from(
        'From: a@b.example\r\nTo: c@d.example\r\nSubject: MIME\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhi\r\n',
      ).toString('base64');
      const fromMime = await json<Record<string, string>>(
        await sim.graph(`/users/${user}/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: mime,
        }),
      );
      return [fromJson, fromMime].map((m) => [m.changeKey, m.conversationId, m.internetMessageId]);
    };
    await sim.control('/reset', {});
    const a = await create();
    await sim.control('/reset', {});
    const b = await create();
    expect(b).toEqual(a);
    expect(new Set(a.flat()).size).toBe(6);
  });
});
