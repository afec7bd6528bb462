/**
 * Each `/_sim` fault as a client meets it mid-run: token expiry during a paged read, delta
 * resets (410 with the documented codes and a Location to start over) in every delta family,
 * items vanishing between listing and fetching, 503/504 bursts and 429 storms inside $batch.
 * Cut downloads and slow responses are exercised in services.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

type Err = { error: { code: string; innerError?: { code?: string } } };
type Page = {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};

let sim: TestSim;
let user: string;
let tenant: {
  users: { id: string; mailboxKind: string }[];
  groups: { id: string; isTeam: boolean }[];
  sites: { id: string; lists: { id: string; template: string }[] }[];
};
beforeAll(async () => {
  sim = await startTestSim({ throttling: false, size: { users: 8, messagesPerMailbox: 30 } });
  tenant = await json(await sim.control('/tenant'));
  user = (await sim.firstUser()).id;
});
afterAll(() => sim.close());

describe('token expiry mid-run', () => {
  it('answers the next page with 401; with a new token the same nextLink continues, every item once', async () => {
    const first = await json<Page>(
      await sim.graph(`/users/${user}/mailFolders/inbox/messages/delta()`, {
        headers: { Prefer: 'odata.maxpagesize=4' },
      }),
    );
    const seen = first.value.map((v) => v.id);
    const next = first['@odata.nextLink'] ?? '';
    expect(next).not.toBe('');
    await sim.control('/tokens/expire', {});
    const refused = await sim.graph(next, { headers: { Prefer: 'odata.maxpagesize=4' } });
    expect(refused.status).toBe(401);
    expect((await json<Err>(refused)).error.code).toBe('InvalidAuthenticationToken');
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    await sim.token(true);
    const rest = await drain(sim, next, { Prefer: 'odata.maxpagesize=4' });
    seen.push(...rest.values.map((v) => v.id));
    const folder = await json<{ totalItemCount: number }>(
      await sim.graph(`/users/${user}/mailFolders/inbox`),
    );
    expect(seen).toHaveLength(folder.totalItemCount);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('delta resets', () => {
  /** Drains a round, resets, and checks the 410, its codes and that Location starts over. */
  async function resetCase(
    first: string,
    reset: Record<string, unknown>,
    code: string,
    inner?: string,
  ): Promise<void> {
    const round = await drain(sim, first);
    expect(round.deltaLink).toBeTruthy();
    await sim.control('/delta/reset', reset);
    const gone = await sim.graph(round.deltaLink ?? '');
    expect(gone.status).toBe(410);
    const err = await json<Err>(gone);
    expect(err.error.code).toBe(code);
    if (inner) expect(err.error.innerError?.code).toBe(inner);
    const location = gone.headers.get('location') ?? '';
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\//);
    const again = await drain(sim, location);
    expect(again.values.map((v) => v.id).sort()).toEqual(round.values.map((v) => v.id).sort());
    // the new round's deltaLink works
    expect((await sim.graph(again.deltaLink ?? '')).status).toBe(200);
  }

  it('mail folders and messages: 410 syncStateNotFound', async () => {
    await resetCase(`/users/${user}/mailFolders/delta()`, { mailbox: user }, 'syncStateNotFound');
    await resetCase(
      `/users/${user}/mailFolders/archive/messages/delta()`,
      { mailbox: user },
      'syncStateNotFound',
    );
  });

  it('contacts, events and To Do tasks: 410 syncStateNotFound', async () => {
    await resetCase(`/users/${user}/contacts/delta()`, { mailbox: user }, 'syncStateNotFound');
    await resetCase(
      `/users/${user}/calendarView/delta()?startDateTime=2000-01-01T00:00:00Z&endDateTime=2100-01-01T00:00:00Z`,
      { mailbox: user },
      'syncStateNotFound',
    );
    const lists = await json<{ value: { id: string }[] }>(
      await sim.graph(`/users/${user}/todo/lists`),
    );
    await resetCase(
      `/users/${user}/todo/lists/${lists.value[0]?.id ?? ''}/tasks/delta()`,
      { mailbox: user },
      'syncStateNotFound',
    );
  });

  it('drive items and list items: 410 resyncRequired with resyncChangesApplyDifferences', async () => {
    await resetCase(
      `/users/${user}/drive/root/delta`,
      { drive: user },
      'resyncRequired',
      'resyncChangesApplyDifferences',
    );
    const site = tenant.sites.find((s) => s.lists.some((l) => l.template === 'genericList'));
    const list = site?.lists.find((l) => l.template === 'genericList');
    await resetCase(
      `/sites/${site?.id ?? ''}/lists/${list?.id ?? ''}/items/delta`,
      { all: true },
      'resyncRequired',
      'resyncChangesApplyDifferences',
    );
  });

  it('users, groups and channel messages: 410 syncStateNotFound', async () => {
    await resetCase('/users/delta?$select=displayName', { directory: true }, 'syncStateNotFound');
    await resetCase('/groups/delta', { directory: true }, 'syncStateNotFound');
    const team = tenant.groups.find((g) => g.isTeam)?.id ?? '';
    const channels = await json<{ value: { id: string }[] }>(
      await sim.graph(`/teams/${team}/channels`),
    );
    await resetCase(
      `/teams/${team}/channels/${encodeURIComponent(channels.value[0]?.id ?? '')}/messages/delta()`,
      { all: true },
      'syncStateNotFound',
    );
  });
});

describe('vanished items', () => {
  it('deletes a drive item between listing and fetching: 404 itemNotFound now, deleted in the next delta', async () => {
    const round = await drain(sim, `/users/${user}/drive/root/delta`);
    const file = round.values.find((v) => v.file && v.name === 'hello.txt');
    await sim.control('/faults', { kind: 'vanish', path: '/items/[^/]+/content$', count: 1 });
    const res = await sim.graph(`/users/${user}/drive/items/${String(file?.id)}/content`);
    expect(res.status).toBe(404);
    expect((await json<Err>(res)).error.code).toBe('itemNotFound');
    const next = await drain(sim, round.deltaLink ?? '');
    expect(next.values.find((v) => v.id === file?.id)?.deleted).toEqual({ state: 'deleted' });
  });
});

describe('bursts and storms inside $batch', () => {
  it('gives matching sub-requests their own 503, 504 or 429 with Retry-After; the others succeed', async () => {
    await sim.control('/faults', {
      kind: 'status',
      status: 503,
      count: 1,
      path: '/mailFolders/inbox$',
    });
    await sim.control('/faults', {
      kind: 'status',
      status: 504,
      count: 1,
      path: '/mailFolders/archive$',
    });
    await sim.control('/faults', {
      kind: 'status',
      status: 429,
      retryAfter: 3,
      count: 1,
      path: '/mailFolders/drafts$',
    });
    const res = await json<{
      responses: { id: string; status: number; headers: Record<string, string> }[];
    }>(
      await sim.graph('/$batch', {
        method: 'POST',
        json: {
          requests: ['inbox', 'archive', 'drafts', 'sentitems'].map((f) => ({
            id: f,
            method: 'GET',
            url: `/users/${user}/mailFolders/${f}`,
          })),
        },
      }),
    );
    const by = Object.fromEntries(res.responses.map((r) => [r.id, r]));
    expect(by.inbox?.status).toBe(503);
    expect(by.inbox?.headers['Retry-After']).toBe('1');
    expect(by.archive?.status).toBe(504);
    expect(by.drafts?.status).toBe(429);
    expect(by.drafts?.headers['Retry-After']).toBe('3');
    expect(by.sentitems?.status).toBe(200);
    // count: 1 means one burst; afterwards the same requests succeed
    expect((await sim.graph(`/users/${user}/mailFolders/inbox`)).status).toBe(200);
  });

  it('leaves $batch sub-requests alone when the fault says inBatch: false', async () => {
    const f = await json<{ id: string }>(
      await sim.control('/faults', {
        kind: 'status',
        status: 503,
        path: '/mailFolders/inbox$',
        inBatch: false,
      }),
    );
    const res = await json<{ responses: { status: number }[] }>(
      await sim.graph('/$batch', {
        method: 'POST',
        json: {
          requests: [{ id: '1', method: 'GET', url: `/users/${user}/mailFolders/inbox` }],
        },
      }),
    );
    expect(res.responses[0]?.status).toBe(200);
    expect((await sim.graph(`/users/${user}/mailFolders/inbox`)).status).toBe(503);
    await sim.control(`/faults/${f.id}`, undefined, 'DELETE');
    expect((await sim.graph(`/users/${user}/mailFolders/inbox`)).status).toBe(200);
  });
});
