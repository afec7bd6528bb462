/**
 * Users and groups: delta round trips with mutations between them (adds, changes, deletions,
 * membership changes as `members@delta`, `$select`-scoped tracking) and the member
 * add/remove routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

type Obj = Record<string, unknown> & { id: string };
type Member = { '@odata.type': string; id: string; '@removed'?: { reason: string } };

let sim: TestSim;
let users: { id: string; mailboxKind: string; displayName: string }[];
let groups: { id: string; displayName: string; isTeam: boolean }[];
beforeAll(async () => {
  sim = await startTestSim({ throttling: false, size: { users: 12, messagesPerMailbox: 5 } });
  const t = await json<{ users: typeof users; groups: typeof groups }>(
    await sim.control('/tenant'),
  );
  users = t.users;
  groups = t.groups;
});
afterAll(() => sim.close());

const byId = (values: Record<string, unknown>[]) =>
  new Map(values.map((v) => [String(v.id), v as Obj]));

describe('users delta', () => {
  it('round-trips with adds, changes and deletions; $select tracks only the selected properties', async () => {
    const sel = '/users/delta?$select=displayName,department,jobTitle';
    const first = await drain(sim, sel, { Prefer: 'odata.maxpagesize=5' });
    expect(first.pages).toBeGreaterThan(1);
    expect(first.values).toHaveLength(users.length);
    expect(Object.keys(first.values[0] ?? {}).sort()).toEqual([
      'department',
      'displayName',
      'id',
      'jobTitle',
    ]);
    const full = await drain(sim, '/users/delta');
    const [a, b, c] = users;

    const added = await json<{ id: string }>(
      await sim.control('/mutate', { op: 'user.add', displayName: 'Nora Restore' }),
    );
    await sim.control('/mutate', [
      { op: 'user.update', id: a?.id, department: 'Customs' },
      { op: 'user.update', id: b?.id, city: 'Cork' }, // not selected
      { op: 'user.remove', id: c?.id },
    ]);

    const second = await drain(sim, first.deltaLink ?? '');
    const got = byId(second.values);
    expect([...got.keys()].sort()).toEqual([added.id, a?.id, c?.id].sort());
    expect(got.get(a?.id ?? '')?.department).toBe('Customs');
    expect(got.get(added.id)?.displayName).toBe('Nora Restore');
    expect(got.get(c?.id ?? '')?.['@removed']).toEqual({ reason: 'changed' });
    // the selected properties stay those of the initial request, with no $select on the link
    expect(second.deltaLink).not.toContain('$select');
    expect(Object.keys(got.get(a?.id ?? '') ?? {}).sort()).toEqual([
      'department',
      'displayName',
      'id',
      'jobTitle',
    ]);

    // without $select every change counts, including the city
    const unscoped = byId((await drain(sim, full.deltaLink ?? '')).values);
    expect(unscoped.has(b?.id ?? '')).toBe(true);

    expect((await drain(sim, second.deltaLink ?? '')).values).toEqual([]);
  });

  it('starts from now with $deltatoken=latest', async () => {
    const latest = await drain(sim, '/users/delta?$deltatoken=latest');
    expect(latest.values).toEqual([]);
    const u = users[4];
    await sim.control('/mutate', { op: 'user.update', id: u?.id, jobTitle: 'Dispatcher' });
    const next = await drain(sim, latest.deltaLink ?? '');
    expect(next.values.map((v) => v.id)).toEqual([u?.id]);
  });
});

describe('groups delta', () => {
  it('reports membership changes as members@delta and deleted groups as @removed', async () => {
    const first = await drain(sim, '/groups/delta', { Prefer: 'odata.maxpagesize=2' });
    expect(first.values).toHaveLength(groups.length);
    const g = groups[0];
    const initial = byId(first.values).get(g?.id ?? '');
    const members = initial?.['members@delta'] as Member[];
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m) => m['@odata.type'] === '#microsoft.graph.user')).toBe(true);
    const scoped = await drain(sim, '/groups/delta?$select=displayName');
    expect(scoped.values.every((v) => !('members@delta' in v))).toBe(true);

    const leaving = members[0]?.id ?? '';
    const current = (await json<{ users: typeof users }>(await sim.control('/tenant'))).users;
    const joining = current.find((u) => !members.some((m) => m.id === u.id))?.id ?? '';
    const team = groups.find((x) => x.isTeam && x.id !== g?.id);
    expect(
      (
        await sim.graph(`/groups/${g?.id ?? ''}/members/$ref`, {
          method: 'POST',
          json: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${joining}` },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await sim.graph(`/groups/${g?.id ?? ''}/members/${leaving}/$ref`, {
          method: 'DELETE',
        })
      ).status,
    ).toBe(204);
    await sim.control('/mutate', { op: 'team.remove', id: team?.id });

    const second = await drain(sim, first.deltaLink ?? '');
    const got = byId(second.values);
    expect([...got.keys()].sort()).toEqual([g?.id, team?.id].sort());
    expect(got.get(g?.id ?? '')?.['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: joining },
      { '@odata.type': '#microsoft.graph.user', id: leaving, '@removed': { reason: 'deleted' } },
    ]);
    expect(got.get(team?.id ?? '')?.['@removed']).toEqual({ reason: 'changed' });
    // a $select without members does not see membership changes at all
    expect((await drain(sim, scoped.deltaLink ?? '')).values.map((v) => v.id)).toEqual([team?.id]);
    expect((await drain(sim, second.deltaLink ?? '')).values).toEqual([]);
  });

  it('reports a deleted user leaving its groups', async () => {
    const first = await drain(sim, '/groups/delta?$select=displayName&$expand=members');
    const g = first.values.find((v) => ((v['members@delta'] as Member[]) ?? []).length > 1);
    const gone = (g?.['members@delta'] as Member[])[1]?.id ?? '';
    await sim.control('/mutate', { op: 'user.remove', id: gone });
    const next = await drain(sim, first.deltaLink ?? '');
    const changed = next.values.filter((v) =>
      ((v['members@delta'] as Member[]) ?? []).some((m) => m.id === gone),
    );
    expect(changed.map((v) => v.id)).toContain(g?.id);
    for (const v of changed)
      expect((v['members@delta'] as Member[]).find((m) => m.id === gone)?.['@removed']).toEqual({
        reason: 'deleted',
      });
  });
});

describe('group members', () => {
  it('adds and removes members by reference, refusing duplicates and unknown members', async () => {
    const live = (await json<{ groups: typeof groups }>(await sim.control('/tenant'))).groups;
    const g = live[1];
    const base = `/groups/${g?.id ?? ''}/members`;
    const before = await json<{ value: { id: string }[] }>(await sim.graph(base));
    const current = (await json<{ users: typeof users }>(await sim.control('/tenant'))).users;
    const outsider = current.find((u) => !before.value.some((m) => m.id === u.id));
    const ref = (id: string) => ({
      '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}`,
    });
    expect(
      (await sim.graph(`${base}/$ref`, { method: 'POST', json: ref(outsider?.id ?? '') })).status,
    ).toBe(204);
    const dup = await sim.graph(`${base}/$ref`, { method: 'POST', json: ref(outsider?.id ?? '') });
    expect(dup.status).toBe(400);
    expect((await json<{ error: { code: string } }>(dup)).error.code).toBe('Request_BadRequest');
    const unknown = await sim.graph(`${base}/$ref`, {
      method: 'POST',
      json: ref('00000000-0000-0000-0000-000000000000'),
    });
    expect(unknown.status).toBe(404);
    const during = await json<{ value: { id: string; '@odata.type': string }[] }>(
      await sim.graph(`${base}/graph.user`),
    );
    expect(during.value.map((m) => m.id)).toContain(outsider?.id);
    expect(during.value.length).toBe(before.value.length + 1);
    expect(
      (await sim.graph(`${base}/${outsider?.id ?? ''}/$ref`, { method: 'DELETE' })).status,
    ).toBe(204);
    const again = await sim.graph(`${base}/${outsider?.id ?? ''}/$ref`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await json<{ error: { code: string } }>(again)).error.code).toBe(
      'Request_ResourceNotFound',
    );
    const after = await json<{ value: { id: string }[] }>(await sim.graph(base));
    expect(after.value.map((m) => m.id).sort()).toEqual(before.value.map((m) => m.id).sort());
    // the group digest follows membership
    const digest = await json<{ entries: { key: string; props: { count: number } }[] }>(
      await sim.control(`/digest/group/${g?.id ?? ''}`),
    );
    expect(digest.entries.find((e) => e.key === 'members')?.props.count).toBe(after.value.length);
  });
});
