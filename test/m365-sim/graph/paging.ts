/** Paging, $filter/$select/$orderby/$count over simple collections, and delta rounds. */
import type { ItemStore, StoredItem, Tombstone } from '../store.ts';
import {
  GraphError,
  applyOrderBy,
  decodeState,
  encodeState,
  evalFilter,
  parseFilter,
  select,
  type Ctx,
  type GraphResult,
} from './http.ts';

export function selfLink(ctx: Ctx, extra: Record<string, string>, drop: string[] = []): string {
  const q = new URLSearchParams(ctx.req.query);
  for (const d of ['$skiptoken', '$deltatoken', '$skip', 'token', ...drop]) q.delete(d);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const qs = q.toString().replace(/%24/g, '$');
  return `${ctx.origin}/${ctx.version}${ctx.req.path.replace(/^\/(v1\.0|beta)/, '')}${qs ? '?' + qs : ''}`;
}

export function contextUrl(ctx: Ctx, what: string): string {
  return `${ctx.origin}/${ctx.version}/$metadata#${what}`;
}

/** A page of an in-memory collection with $filter, $orderby, $select, $count, $top/$skip. */
export function listResponse(
  ctx: Ctx,
  items: Record<string, unknown>[],
  opts: { defaultPage: number; maxPage: number; context?: string; noFilter?: boolean },
): GraphResult {
  const q = ctx.req.query;
  let rows = items;
  const filter = q.get('$filter');
  if (filter && !opts.noFilter) {
    const expr = parseFilter(filter);
    rows = rows.filter((r) => evalFilter(expr, r));
  }
  rows = applyOrderBy(rows, q.get('$orderby'));
  const total = rows.length;
  const st = q.get('$skiptoken');
  let offset = Number(q.get('$skip') ?? 0) || 0;
  if (st) {
    const s = decodeState<{ o: number }>(st);
    if (!s) throw new GraphError(400, 'BadRequest', 'The $skiptoken is invalid.');
    offset = s.o;
  }
  const size = ctx.pageSize(opts.defaultPage, opts.maxPage);
  const page = rows.slice(offset, offset + size).map((r) => select(r, q.get('$select')));
  const body: Record<string, unknown> = {};
  if (opts.context) body['@odata.context'] = contextUrl(ctx, opts.context);
  if (q.get('$count') === 'true') body['@odata.count'] = total;
  body.value = page;
  if (offset + size < total)
    body['@odata.nextLink'] = selfLink(ctx, { $skiptoken: encodeState({ o: offset + size }) });
  return { status: 200, json: body, headers: preferenceApplied(ctx) };
}

export function preferenceApplied(ctx: Ctx): Record<string, string> {
  return ctx.applied.length ? { 'Preference-Applied': ctx.applied.join(', ') } : {};
}

interface SyncState {
  /** epoch of the store when the round started */
  e: number;
  /** 'i' initial enumeration, 'c' changes */
  m: 'i' | 'c';
  /** changes after this sequence number */
  s: number;
  /** upper bound of this round */
  u: number;
  /** cursor: last key (initial) or last seq (changes) */
  c: number;
  /** query options captured at the start of the round */
  q: string;
}

export interface DeltaOptions<T> {
  render: (it: StoredItem<T>) => Record<string, unknown>;
  removed: (t: Tombstone) => Record<string, unknown>;
  /** Which items a round reports; `query` holds the options of the round's first request. */
  include?: (it: StoredItem<T>, query: URLSearchParams) => boolean;
  /** Several entries for one item (calendarView instances); `changes` in a change round. */
  expand?: (
    it: StoredItem<T>,
    query: URLSearchParams,
    changes: boolean,
  ) => Record<string, unknown>[];
  /** Query options of the round's first request repeated on its next and delta links. */
  linkParams?: string[];
  defaultPage: number;
  maxPage: number;
  /** outlook: $skiptoken/$deltatoken query options; drive: delta(token='…') */
  style: 'outlook' | 'drive' | 'directory';
  /** the error a stale or reset token earns */
  reset: GraphError;
  context?: string;
}

/** The error Outlook answers a sync state it no longer has with (410 Gone). */
export function outlookSyncReset(): GraphError {
  return new GraphError(
    410,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
  );
}

/**
 * A synchronization reset: the route's 410 error with a `Location` header holding the URL
 * of a fresh initial round (the initial query, without a state token), as documented in
 * https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset.
 */
export function syncReset<T>(ctx: Ctx, o: DeltaOptions<T>, query: string | null): GraphError {
  const q = new URLSearchParams(query ?? '');
  for (const k of ['token', '$skiptoken', '$deltatoken']) q.delete(k);
  const qs = q.toString().replace(/%24/g, '$');
  const path = o.style === 'drive' ? ctx.path.replace(/\/delta\(.*\)$/, '/delta()') : ctx.path;
  return new GraphError(
    o.reset.status,
    o.reset.code,
    o.reset.message,
    { ...o.reset.headers, Location: `${ctx.origin}/${ctx.version}${path}${qs ? '?' + qs : ''}` },
    o.reset.innerCode,
  );
}

/** Runs one page of a delta round over a store (see store.ts for the model). */
export function storeDelta<T>(
  ctx: Ctx,
  store: ItemStore<T>,
  container: string | null,
  o: DeltaOptions<T>,
): GraphResult {
  const q = ctx.req.query;
  const raw = ctx.params.token ?? q.get('token') ?? q.get('$skiptoken') ?? q.get('$deltatoken');
  let state: SyncState;
  let latest = false;
  if (raw === 'latest' && o.style === 'drive') {
    latest = true;
    state = { e: store.epoch, m: 'c', s: store.now(), u: store.now(), c: store.now(), q: '' };
  } else if (raw) {
    const s = decodeState<SyncState>(raw);
    if (!s || typeof s.e !== 'number' || s.e !== store.epoch)
      throw syncReset(ctx, o, s && typeof s.q === 'string' ? s.q : null);
    state = s;
    if (state.m === 'c' && state.u === -1) {
      // a delta link: the round's upper bound is now
      state = { ...state, u: store.now(), c: state.s };
    }
  } else {
    const keep = new URLSearchParams(q);
    keep.delete('token');
    state = { e: store.epoch, m: 'i', s: 0, u: store.now(), c: -1, q: keep.toString() };
  }
  const captured = new URLSearchParams(state.q);
  const sel = captured.get('$select') ?? q.get('$select');
  const size = ctx.pageSize(o.defaultPage, o.maxPage);
  const value: Record<string, unknown>[] = [];
  let more = false;
  if (latest) {
    // nothing: a delta link for "from now on"
  } else if (state.m === 'i') {
    const page = store.list(container, state.c, size + 1);
    more = page.length > size;
    for (const it of page.slice(0, size)) {
      state.c = it.key;
      if (o.include && !o.include(it, captured)) continue;
      if (o.expand) value.push(...o.expand(it, captured, false).map((r) => select(r, sel)));
      else value.push(select(o.render(it), sel));
    }
  } else {
    const page = store.changes(container, state.s, state.u, state.c, size + 1);
    more = page.length > size;
    for (const ch of page.slice(0, size)) {
      state.c = ch.seq;
      if (ch.kind === 'item') {
        if (o.include && !o.include(ch.item, captured)) continue;
        if (o.expand) value.push(...o.expand(ch.item, captured, true).map((r) => select(r, sel)));
        else value.push(select(o.render(ch.item), sel));
      } else value.push(o.removed(ch.tombstone));
    }
  }
  const body: Record<string, unknown> = {};
  if (o.context) body['@odata.context'] = contextUrl(ctx, o.context);
  body.value = value;
  const link = (token: string, kind: 'next' | 'delta') => {
    if (o.style === 'drive') {
      const base = `${ctx.origin}/${ctx.version}${ctx.path.replace(/\/delta\(.*\)$/, '')}`;
      return `${base}/delta(token='${token}')`;
    }
    const base = `${ctx.origin}/${ctx.version}${ctx.path}`;
    const extra = (o.linkParams ?? [])
      .filter((k) => captured.get(k) !== null)
      .map((k) => `&${k}=${encodeURIComponent(captured.get(k) ?? '')}`)
      .join('');
    return `${base}?${kind === 'next' ? '$skiptoken' : '$deltatoken'}=${token}${extra}`;
  };
  if (more) {
    body['@odata.nextLink'] = link(encodeState(state), 'next');
  } else {
    const next: SyncState = { e: store.epoch, m: 'c', s: state.u, u: -1, c: state.u, q: state.q };
    body['@odata.deltaLink'] = link(encodeState(next), 'delta');
  }
  return { status: 200, json: body, headers: preferenceApplied(ctx) };
}
