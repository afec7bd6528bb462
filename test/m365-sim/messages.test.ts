/**
 * Message lists as Exchange serves them: newest received first, paged with `$skip` (so a
 * message arriving mid-way shifts the pages), `$filter` on the fields a backup uses,
 * `$orderby` with the InefficientFilter rule, `$search` (KQL free text and property
 * restrictions), and the restricted `$filter` of message delta.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

type Msg = {
  id: string;
  subject: string;
  isRead: boolean;
  receivedDateTime: string;
  sentDateTime: string;
  hasAttachments: boolean;
  importance: string;
  from: { emailAddress: { name: string; address: string } };
  body: { content: string };
};
type Err = { error: { code: string; message: string } };

let sim: TestSim;
let user: string;
beforeAll(async () => {
  sim = await startTestSim({ throttling: false, size: { users: 4, messagesPerMailbox: 120 } });
  user = (await sim.firstUser()).id;
});
afterAll(() => sim.close());

const list = async (path: string) => (await drain(sim, path)).values as unknown as Msg[];
const ms = (iso: string) => Date.parse(iso);
const nonIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] ?? 0) >= x);

describe('default order and paging', () => {
  it('lists newest received first and pages with $skip in the nextLink', async () => {
    const first = await json<{ value: Msg[]; '@odata.nextLink'?: string }>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages?$select=receivedDateTime`),
    );
    expect(first.value).toHaveLength(10);
    expect(first['@odata.nextLink']).toMatch(/[?&]\$skip=10(&|$)/);
    const all = await list(`/users/${user}/mailFolders/inbox/messages?$top=7`);
    const inbox = await json<{ totalItemCount: number }>(
      await sim.graph(`/users/${user}/mailFolders/inbox`),
    );
    expect(all).toHaveLength(inbox.totalItemCount);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    expect(nonIncreasing(all.map((m) => ms(m.receivedDateTime)))).toBe(true);
    const mailbox = await list(`/users/${user}/messages?$top=50`);
    expect(nonIncreasing(mailbox.map((m) => ms(m.receivedDateTime)))).toBe(true);
  });

  it('places created items by their receivedDateTime, not by when they were created', async () => {
    const old = await json<Msg>(
      await sim.graph(`/users/${user}/mailFolders/archive/messages`, {
        method: 'POST',
        json: {
          subject: 'Restored from 2019',
          singleValueExtendedProperties: [
            { id: 'Integer 0x0E07', value: '1' },
            { id: 'SystemTime 0x0E06', value: '2019-03-01T08:00:00Z' },
          ],
        },
      }),
    );
    const archive = await list(`/users/${user}/mailFolders/archive/messages?$top=100`);
    expect(archive[archive.length - 1]?.id).toBe(old.id);
  });

  it('shifts $skip pages when mail arrives between them (a reason to back up through delta)', async () => {
    const p1 = await json<{ value: Msg[]; '@odata.nextLink': string }>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages?$top=5`),
    );
    await sim.control('/mutate', { op: 'mail.add', user, folder: 'inbox' });
    const p2 = await json<{ value: Msg[] }>(await sim.graph(p1['@odata.nextLink']));
    expect(p2.value[0]?.id).toBe(p1.value[4]?.id);
  });
});

describe('$filter and $orderby', () => {
  it('filters on receivedDateTime ranges and isRead', async () => {
    const all = await list(`/users/${user}/mailFolders/inbox/messages?$top=100`);
    const sorted = all.map((m) => m.receivedDateTime).sort();
    const from = sorted[Math.floor(sorted.length / 3)] ?? '';
    const to = sorted[Math.floor((2 * sorted.length) / 3)] ?? '';
    const range = await list(
      `/users/${user}/mailFolders/inbox/messages?$filter=receivedDateTime ge ${from} and receivedDateTime lt ${to}&$top=100`,
    );
    expect(range.map((m) => m.id).sort()).toEqual(
      all
        .filter((m) => m.receivedDateTime >= from && m.receivedDateTime < to)
        .map((m) => m.id)
        .sort(),
    );
    expect(nonIncreasing(range.map((m) => ms(m.receivedDateTime)))).toBe(true);
    const unread = await list(`/users/${user}/mailFolders/inbox/messages?$filter=isRead eq false`);
    const inbox = await json<{ unreadItemCount: number }>(
      await sim.graph(`/users/${user}/mailFolders/inbox`),
    );
    expect(unread.every((m) => !m.isRead)).toBe(true);
    expect(unread).toHaveLength(inbox.unreadItemCount);
    const counted = await json<{ '@odata.count': number }>(
      await sim.graph(
        `/users/${user}/mailFolders/inbox/messages?$filter=isRead eq false&$count=true`,
      ),
    );
    expect(counted['@odata.count']).toBe(inbox.unreadItemCount);
  });

  it('requires $orderby properties to lead the $filter (InefficientFilter otherwise)', async () => {
    const bad = await sim.graph(
      `/users/${user}/messages?$filter=isRead eq false&$orderby=receivedDateTime desc`,
    );
    expect(bad.status).toBe(400);
    const err = await json<Err>(bad);
    expect(err.error.code).toBe('InefficientFilter');
    expect(err.error.message).toBe(
      'The restriction or sort order is too complex for this operation.',
    );
    const wrongOrder = await sim.graph(
      `/users/${user}/messages?$filter=isRead eq false and receivedDateTime ge 2020-01-01T00:00:00Z&$orderby=receivedDateTime desc`,
    );
    expect(wrongOrder.status).toBe(400);
    const good = await list(
      `/users/${user}/messages?$filter=receivedDateTime ge 2020-01-01T00:00:00Z and isRead eq false&$orderby=receivedDateTime asc&$top=100`,
    );
    expect(good.length).toBeGreaterThan(0);
    expect(good.every((m) => !m.isRead)).toBe(true);
    const asc = good.map((m) => ms(m.receivedDateTime));
    expect(nonIncreasing([...asc].reverse())).toBe(true);
    const bySubject = await list(`/users/${user}/mailFolders/inbox/messages?$orderby=subject`);
    const subjects = bySubject.map((m) => m.subject);
    expect(subjects).toEqual([...subjects].sort((a, b) => (a > b ? 1 : a < b ? -1 : 0)));
  });
});

describe('$search', () => {
  it('searches from, subject and body by default, newest sent first', async () => {
    const hits = await list(`/users/${user}/messages?$search="freight"&$top=50`);
    expect(hits.length).toBeGreaterThan(0);
    for (const m of hits) {
      const text = `${m.subject} ${m.body.content} ${m.from.emailAddress.name} ${m.from.emailAddress.address}`;
      expect(text.toLowerCase()).toContain('freight');
    }
    expect(nonIncreasing(hits.map((m) => ms(m.sentDateTime)))).toBe(true);
    // word prefixes match, case does not matter
    expect((await list(`/users/${user}/messages?$search="FREIG"&$top=50`)).length).toBe(
      hits.length,
    );
  });

  it('restricts to properties and combines terms with AND, OR and NOT', async () => {
    const subject = await list(`/users/${user}/messages?$search="subject:invoice"&$top=50`);
    expect(subject.length).toBeGreaterThan(0);
    expect(subject.every((m) => /invoice/i.test(m.subject))).toBe(true);
    const withFiles = await list(`/users/${user}/messages?$search="hasAttachments:true"&$top=50`);
    expect(withFiles.length).toBeGreaterThan(0);
    expect(withFiles.every((m) => m.hasAttachments)).toBe(true);
    const both = await list(
      `/users/${user}/messages?$search="subject:invoice OR subject:budget"&$top=50`,
    );
    const budget = await list(`/users/${user}/messages?$search="subject:budget"&$top=50`);
    expect(both.length).toBe(subject.length + budget.length);
    const notInvoice = await list(
      `/users/${user}/messages?$search="freight NOT subject:invoice"&$top=50`,
    );
    expect(notInvoice.every((m) => !/invoice/i.test(m.subject))).toBe(true);
    const phrase = await list(
      `/users/${user}/messages?$search="subject:\\"weekly shipping\\""&$top=50`,
    );
    expect(phrase.every((m) => /weekly shipping/i.test(m.subject))).toBe(true);
    const from = subject[0]?.from.emailAddress.address ?? '';
    const byFrom = await list(`/users/${user}/messages?$search="from:${from}"&$top=50`);
    expect(byFrom.every((m) => m.from.emailAddress.address === from)).toBe(true);
  });

  it('refuses $orderby and $filter beside $search', async () => {
    const o = await sim.graph(
      `/users/${user}/messages?$search="freight"&$orderby=receivedDateTime desc`,
    );
    expect(o.status).toBe(400);
    expect((await json<Err>(o)).error.code).toBe('SearchWithOrderBy');
    const f = await sim.graph(`/users/${user}/messages?$search="freight"&$filter=isRead eq true`);
    expect(f.status).toBe(400);
    expect((await json<Err>(f)).error.code).toBe('SearchWithFilter');
  });

  it('returns at most 1,000 results', async () => {
    const big = await startTestSim({
      throttling: false,
      size: { users: 2, messagesPerMailbox: 1_200 },
    });
    try {
      const u = (await big.firstUser()).id;
      // every generated body carries "Reference nnnnn / line i."
      const res = await json<{ '@odata.count': number; '@odata.nextLink': string }>(
        await big.graph(`/users/${u}/messages?$search="reference"&$count=true&$top=1000`),
      );
      expect(res['@odata.count']).toBe(1000);
      expect(res['@odata.nextLink']).toBeUndefined();
    } finally {
      await big.close();
    }
  });
});

describe('message delta options', () => {
  it('takes only receivedDateTime ge|gt as $filter', async () => {
    const all = await list(`/users/${user}/mailFolders/inbox/messages?$top=100`);
    const since = all[Math.floor(all.length / 2)]?.receivedDateTime ?? '';
    const round = await drain(
      sim,
      `/users/${user}/mailFolders/inbox/messages/delta()?$filter=receivedDateTime ge ${since}`,
      { Prefer: 'odata.maxpagesize=5' },
    );
    expect(round.values.map((v) => v.id).sort()).toEqual(
      all
        .filter((m) => m.receivedDateTime >= since)
        .map((m) => m.id)
        .sort(),
    );
    const bad = await sim.graph(
      `/users/${user}/mailFolders/inbox/messages/delta()?$filter=isRead eq false`,
    );
    expect(bad.status).toBe(400);
    expect((await json<Err>(bad)).error.code).toBe('ErrorInvalidUrlQuery');
    const order = await sim.graph(
      `/users/${user}/mailFolders/inbox/messages/delta()?$orderby=subject`,
    );
    expect(order.status).toBe(400);
  });
});
