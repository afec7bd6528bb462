/** Message lists: ordering, $filter/$orderby/$search rules, delta options and tombstones. */
import { encodeItemId, IMMUTABLE, Kind } from '../../ids.ts';
import type { StoredItem, Tombstone } from '../../store.ts';
import type { Mailbox, MessageData } from '../../tenant.ts';
import {
  type Ctx,
  evalFilter,
  filterProps,
  GraphError,
  parseFilter,
  parseOrderBy,
} from '../http.ts';
import { compileSearch } from '../search.ts';
import { renderMessage } from './render.ts';

// ------------------------------------------------------------------ delta

export function removed(ctx: Ctx, mb: Mailbox, kind: number) {
  return (t: Tombstone) => ({
    '@odata.type':
      kind === Kind.message ? '#microsoft.graph.message' : '#microsoft.graph.mailFolder',
    id: encodeItemId(
      kind,
      mb.scope,
      t.key,
      kind === Kind.message ? (ctx.immutableIds ? IMMUTABLE : t.moves) : 0,
    ),
    '@removed': { reason: 'deleted' },
  });
}

// ------------------------------------------------------------------ message lists

const MAX_SEARCH_RESULTS = 1000;

/**
 * The ordered keys of a message list, as Exchange orders it: newest received first by
 * default; `$orderby` when given (with `$filter`, its properties must lead the filter's, or
 * 400 InefficientFilter); `$search` results newest sent first, at most 1,000, and neither
 * `$filter` nor `$orderby` beside it. Cached while the mailbox is unchanged, so paging with
 * `$skip` sees the same list as long as nothing changes (and shifts when something does).
 */
export function messageListKeys(ctx: Ctx, mb: Mailbox, container: string | null): number[] {
  const q = ctx.req.query;
  const search = q.get('$search');
  const filter = q.get('$filter');
  const orderby = q.get('$orderby');
  if (search !== null && orderby)
    throw new GraphError(
      400,
      'SearchWithOrderBy',
      "The query parameter '$orderBy' is not supported with '$search'.",
    );
  if (search !== null && filter)
    throw new GraphError(
      400,
      'SearchWithFilter',
      "The query parameter '$filter' is not supported with '$search'.",
    );
  const expr = filter ? parseFilter(filter) : null;
  if (expr && orderby) {
    const order = parseOrderBy(orderby).map((o) => o.prop.toLowerCase());
    const props = filterProps(expr).map((p) => p.toLowerCase());
    if (order.some((p, i) => props[i] !== p))
      throw new GraphError(
        400,
        'InefficientFilter',
        'The restriction or sort order is too complex for this operation.',
      );
  }
  const cacheKey = JSON.stringify([container, search, filter, orderby]);
  const version = mb.clock.current;
  const hit = mb.listCache.get(cacheKey);
  if (hit && hit.version === version) return hit.keys;

  const hidden = new Set(
    mb.folders
      .all('')
      .filter((f) => f.data.outsideRoot)
      .map((f) => String(f.key)),
  );
  const visible = (c: string) => container !== null || !hidden.has(c);
  const { base, overlay } = mb.messages.keys(container);
  let keys: number[];
  if (search === null && !filter && !orderby) {
    // newest first without generating a single message
    const rows: [number, number][] = [];
    for (const k of base)
      if (visible(String(mb.baseFolderKey(k)))) rows.push([mb.baseReceivedMs(k), k]);
    for (const it of overlay)
      if (visible(it.container)) rows.push([Date.parse(it.data.receivedDateTime), it.key]);
    rows.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    keys = rows.map((r) => r[1]);
  } else {
    const items: StoredItem<MessageData>[] = [...overlay.filter((it) => visible(it.container))];
    for (const k of base) {
      if (!visible(String(mb.baseFolderKey(k)))) continue;
      const it = mb.messages.get(k);
      if (it) items.push(it);
    }
    if (search !== null) {
      const match = compileSearch(search);
      keys = items
        .filter((it) => match(it.data))
        .sort(
          (a, b) =>
            Date.parse(b.data.sentDateTime) - Date.parse(a.data.sentDateTime) || b.key - a.key,
        )
        .slice(0, MAX_SEARCH_RESULTS)
        .map((it) => it.key);
    } else {
      let rows = items.map((it) => ({ key: it.key, obj: renderMessage(ctx, mb, it) }));
      if (expr) rows = rows.filter((r) => evalFilter(expr, r.obj));
      const order = parseOrderBy(orderby ?? 'receivedDateTime desc');
      rows.sort((a, b) => {
        for (const { prop, desc } of order) {
          const x = a.obj[prop] as string | number | boolean | undefined;
          const y = b.obj[prop] as string | number | boolean | undefined;
          if (x !== y) return ((x ?? '') > (y ?? '') ? 1 : -1) * (desc ? -1 : 1);
        }
        return b.key - a.key;
      });
      keys = rows.map((r) => r.key);
    }
  }
  if (mb.listCache.size >= 16) {
    const oldest = mb.listCache.keys().next().value;
    if (oldest !== undefined) mb.listCache.delete(oldest);
  }
  mb.listCache.set(cacheKey, { version, keys });
  return keys;
}

// ------------------------------------------------------------------ message delta options

/**
 * Message delta takes only `$filter=receivedDateTime ge|gt {value}` and
 * `$orderby=receivedDateTime desc` (https://learn.microsoft.com/graph/delta-query-messages).
 */
export function checkMessageDeltaQuery(q: URLSearchParams): void {
  const filter = q.get('$filter');
  if (filter !== null && !/^\s*receivedDateTime\s+(ge|gt)\s+\S+\s*$/i.test(filter))
    throw new GraphError(
      400,
      'ErrorInvalidUrlQuery',
      "The '$filter' parameter value is not supported for 'Messages' resource; only a value of 'receivedDateTime ge value' is supported.",
    );
  const orderby = q.get('$orderby');
  if (orderby !== null && !/^\s*receivedDateTime\s+desc\s*$/i.test(orderby))
    throw new GraphError(
      400,
      'ErrorInvalidUrlQuery',
      "The '$orderby' parameter value is not supported for 'Messages' resource; only a value of 'receivedDateTime desc' is supported.",
    );
  if (q.get('$search') !== null)
    throw new GraphError(
      400,
      'ErrorInvalidUrlQuery',
      "The query parameter '$search' is not supported with delta.",
    );
}

/** The `receivedDateTime ge|gt` restriction of a message delta round (all when absent). */
export function receivedSince(q: URLSearchParams): (d: MessageData) => boolean {
  const m = /^\s*receivedDateTime\s+(ge|gt)\s+'?([^'\s]+)'?\s*$/i.exec(q.get('$filter') ?? '');
  if (!m) return () => true;
  const since = Date.parse(m[2] ?? '');
  if (Number.isNaN(since))
    throw new GraphError(400, 'BadRequest', `The DateTimeOffset value '${m[2] ?? ''}' is invalid.`);
  const gt = m[1]?.toLowerCase() === 'gt';
  return (d) => {
    const t = Date.parse(d.receivedDateTime);
    return gt ? t > since : t >= since;
  };
}
