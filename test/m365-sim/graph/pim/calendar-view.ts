/**
 * calendarView delta (https://learn.microsoft.com/graph/api/event-delta?view=graph-rest-1.0):
 * in v1.0 event delta works on a date range only; a round reports the single instances,
 * occurrences and exceptions that overlap the range (never a series master), and the range
 * travels with the round's state and links. `events/delta` (series masters, no range) is beta.
 */
import type { ItemStore, StoredItem, Tombstone } from '../../store.ts';
import type { EventData } from '../../tenant.ts';
import { GraphError, type Ctx, type GraphResult } from '../http.ts';
import { storeDelta, type DeltaOptions } from '../paging.ts';

const DAY = 86_400_000;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** 400 for an initial calendarView request without its time window, as Outlook answers it. */
export function rangeRequired(): GraphError {
  return new GraphError(
    400,
    'ErrorInvalidParameter',
    'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
  );
}

/** 400 for event delta without a calendarView on v1.0 (served on /beta only). */
export function betaOnly(): GraphError {
  return new GraphError(400, 'BadRequest', "Resource not found for the segment 'delta'.");
}

const ms = (s: string) => Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(s) ? s : s + 'Z');
const fmt = (t: number) =>
  new Date(t)
    .toISOString()
    .replace('Z', '')
    .replace(/\.\d+$/, '.0000000');

export interface Instance {
  type: 'singleInstance' | 'occurrence' | 'exception';
  start: number;
  end: number;
}

/** The instances of an event that overlap [from, to): the event itself, or its occurrences. */
export function expandInstances(e: EventData, from: number, to: number): Instance[] {
  const s = ms(e.start);
  const dur = Math.max(0, ms(e.end) - s);
  const overlaps = (a: number) => a < to && a + dur > from;
  const rec = e.recurrence;
  if (!rec) return overlaps(s) ? [{ type: 'singleInstance', start: s, end: s + dur }] : [];
  const timeOfDay = ((s % DAY) + DAY) % DAY;
  const first = Date.parse(rec.range.startDate + 'T00:00:00Z');
  const last =
    rec.range.type === 'endDate' && rec.range.endDate
      ? Date.parse(rec.range.endDate + 'T00:00:00Z')
      : Infinity;
  const limit = rec.range.type === 'numbered' ? (rec.range.numberOfOccurrences ?? 0) : Infinity;
  const p = rec.pattern;
  const interval = Math.max(1, p.interval);
  const fdow = Math.max(0, DAYS.indexOf(p.firstDayOfWeek ?? 'sunday'));
  const week0 = first - ((((new Date(first).getUTCDay() - fdow) % 7) + 7) % 7) * DAY;
  const firstDate = new Date(first);
  const out: Instance[] = [];
  let count = 0;
  for (let d = first, n = 0; d <= last && d < to && count < limit && n < 40_000; d += DAY, n++) {
    const dt = new Date(d);
    let hit = false;
    if (p.type === 'daily') hit = Math.round((d - first) / DAY) % interval === 0;
    else if (p.type === 'weekly')
      hit =
        (p.daysOfWeek ?? []).includes(DAYS[dt.getUTCDay()] ?? '') &&
        Math.floor((d - week0) / (7 * DAY)) % interval === 0;
    else if (p.type === 'absoluteMonthly') {
      const months =
        (dt.getUTCFullYear() - firstDate.getUTCFullYear()) * 12 +
        dt.getUTCMonth() -
        firstDate.getUTCMonth();
      hit = dt.getUTCDate() === (p.dayOfMonth ?? firstDate.getUTCDate()) && months % interval === 0;
    }
    if (!hit) continue;
    count++;
    const os = d + timeOfDay;
    if (overlaps(os)) out.push({ type: 'occurrence', start: os, end: os + dur });
  }
  return out;
}

/** The id of an occurrence: its series master's id plus its date (opaque, as in Outlook). */
export function occurrenceId(masterId: string, start: number): string {
  const tag = Buffer.from('OCC:' + new Date(start).toISOString().slice(0, 10).replace(/-/g, ''));
  return masterId + tag.toString('base64').replace(/\//g, '-').replace(/\+/g, '_');
}

/** One page of a calendarView delta round over an event store. */
export function calendarViewDelta(
  ctx: Ctx,
  store: ItemStore<EventData>,
  container: string | null,
  render: (it: StoredItem<EventData>) => Record<string, unknown>,
  removed: (t: Tombstone) => Record<string, unknown>,
  reset: GraphError,
): GraphResult {
  const q = ctx.req.query;
  const token = q.get('$skiptoken') ?? q.get('$deltatoken');
  if (!token && (!q.get('startDateTime') || !q.get('endDateTime'))) throw rangeRequired();
  if (!token) {
    for (const k of ['startDateTime', 'endDateTime'])
      if (Number.isNaN(ms(q.get(k) ?? '')))
        throw new GraphError(400, 'ErrorInvalidParameter', `The value of ${k} is not valid.`);
  }
  const o: DeltaOptions<EventData> = {
    render,
    removed,
    expand: (it, query, changes) => {
      const from = ms(query.get('startDateTime') ?? '');
      const to = ms(query.get('endDateTime') ?? '');
      const base = render(it);
      const inst = expandInstances(it.data, from, to);
      if (!inst.length) return changes ? [{ id: base.id, '@removed': { reason: 'deleted' } }] : [];
      return inst.map((x) =>
        x.type === 'singleInstance'
          ? base
          : {
              ...base,
              '@odata.etag': base['@odata.etag'],
              id: occurrenceId(String(base.id), x.start),
              type: x.type,
              seriesMasterId: base.id,
              originalStart: new Date(x.start).toISOString().replace(/\.\d+Z$/, 'Z'),
              start: { dateTime: fmt(x.start), timeZone: it.data.timeZone },
              end: { dateTime: fmt(x.end), timeZone: it.data.timeZone },
              recurrence: null,
            },
      );
    },
    linkParams: ['startDateTime', 'endDateTime'],
    defaultPage: 10,
    maxPage: 1000,
    style: 'outlook',
    reset,
  };
  return storeDelta(ctx, store, container, o);
}
