/** Users and groups delta: rounds, $select-scoped change tracking, members@delta. */
import type { Sim } from '../../sim.ts';
import type { DirectoryChange, Group } from '../../tenant.ts';
import { GraphError, decodeState, encodeState, type Ctx } from '../http.ts';
import { contextUrl } from '../paging.ts';

export interface DirState {
  e: number;
  m: 'i' | 'c';
  s: number;
  u: number;
  o: number;
  sel: string | null;
  /** $expand of the initial request */
  x?: string | null;
}

export type DirObject = {
  changeSeq: number;
  deleted: boolean;
  id: string;
  changes?: DirectoryChange[];
};

/** The properties a `$select`-scoped round tracks (null: all of them). */
export function tracked(st: DirState): Set<string> | null {
  if (!st.sel) return null;
  const props = new Set(
    st.sel
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );
  if (/\bmembers\b/i.test(st.x ?? '')) props.add('members');
  return props;
}

/**
 * Users and groups delta (https://learn.microsoft.com/graph/delta-query-users,
 * https://learn.microsoft.com/graph/delta-query-groups): the initial round lists every object;
 * a change round lists the objects changed in its window, and with `$select` only those whose
 * selected properties changed. Deleted objects come as `@removed` with reason `changed`
 * (they stay restorable). Groups carry `members@delta` unless `$select` leaves members out.
 */
export function directoryDelta<T extends DirObject>(
  ctx: Ctx,
  all: T[],
  render: (x: T, st: DirState) => Record<string, unknown>,
  context: string,
) {
  const sim = ctx.sim;
  const q = ctx.req.query;
  const raw = q.get('$skiptoken') ?? q.get('$deltatoken');
  const now = sim.tenant.dirClock.current;
  const fresh = (m: 'i' | 'c', s: number): DirState => ({
    e: sim.tenant.dirEpoch,
    m,
    s,
    u: now,
    o: 0,
    sel: q.get('$select'),
    x: q.get('$expand'),
  });
  let st: DirState;
  if (raw === 'latest') st = fresh('c', now);
  else if (raw) {
    const d = decodeState<DirState>(raw);
    if (!d || d.e !== sim.tenant.dirEpoch) {
      // a synchronization reset: 410 Gone and the initial query in Location
      const again = new URLSearchParams();
      if (d?.sel) again.set('$select', d.sel);
      if (d?.x) again.set('$expand', d.x);
      const qs = again.toString().replace(/%24/g, '$').replace(/%2C/gi, ',');
      throw new GraphError(
        410,
        'syncStateNotFound',
        'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
        { Location: `${ctx.origin}/${ctx.version}${ctx.path}${qs ? '?' + qs : ''}` },
      );
    }
    st = d.u === -1 ? { ...d, u: now, o: 0 } : d;
  } else st = fresh('i', 0);
  const props = tracked(st);
  const lastChange = (x: T): number => {
    let last = 0;
    for (const c of x.changes ?? []) {
      if (c.seq <= st.s || c.seq > st.u) continue;
      if (c.props === '*' || !props || c.props.some((p) => props.has(p))) last = c.seq;
    }
    return last;
  };
  const rows =
    st.m === 'i'
      ? all.filter((x) => !x.deleted)
      : all
          .map((x) => ({ x, at: lastChange(x) }))
          .filter((r) => r.at > 0)
          .sort((a, b) => a.at - b.at)
          .map((r) => r.x);
  const size = ctx.pageSize(100, 999);
  const page = rows.slice(st.o, st.o + size);
  const value = page.map((x) =>
    x.deleted ? { id: x.id, '@removed': { reason: 'changed' } } : render(x, st),
  );
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, context), value };
  const base = `${ctx.origin}/${ctx.version}${ctx.path}`;
  if (st.o + size < rows.length)
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeState({ ...st, o: st.o + size })}`;
  else
    body['@odata.deltaLink'] =
      `${base}?$deltatoken=${encodeState({ ...st, m: 'c', s: st.u, u: -1, o: 0 })}`;
  return { status: 200, json: body };
}

/** `members@delta` of a group in a delta round (omitted when there is nothing to say). */
export function membersDelta(
  sim: Sim,
  g: Group,
  st: DirState,
): Record<string, unknown>[] | undefined {
  const props = tracked(st);
  if (props && !props.has('members')) return undefined;
  let out: Record<string, unknown>[];
  if (st.m === 'i') {
    out = g.members
      .filter((id) => sim.tenant.users.some((u) => u.id === id && !u.deleted))
      .map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));
  } else {
    const net = new Map<string, boolean>();
    for (const c of g.memberLog ?? []) if (c.seq > st.s && c.seq <= st.u) net.set(c.id, c.removed);
    out = [...net].map(([id, removed]) => ({
      '@odata.type': '#microsoft.graph.user',
      id,
      ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
    }));
  }
  return out.length ? out : undefined;
}
