/**
 * Calendars and their events through calendarView delta, the only event delta v1.0 serves
 * (`events/delta` is beta). https://learn.microsoft.com/graph/api/event-delta ,
 * https://learn.microsoft.com/graph/delta-query-events
 *
 * The initial request must name a time range, and the range is baked into every next and
 * delta link, so it is fixed, not rolling: a rolling window would need a new sync (a full
 * enumeration) every run. 1900–2050 keeps every past event a mailbox can hold and a quarter
 * century of planned ones; the cost is that endless series expand into occurrences up to
 * 2050 on the first sync (later syncs only report changes).
 *
 * calendarView returns instances, not series masters; a restore needs the master (its
 * `recurrence`), so masters of the series seen on a page are fetched by `$batch`, and plain
 * occurrences (which the master regenerates) are not kept. Exceptions are kept.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FolderInput } from '../backup/types.js';
import { batchGet, enc, listAll, outlookHeaders, subResponseError } from './graph-io.js';
import { emailText, jsonItem, readJsonPage, str, type JsonItem } from './json-items.js';
import type { ExchangeReader, ReaderItem } from './types.js';

export const CALENDAR_WINDOW = {
  start: '1900-01-01T00:00:00Z',
  end: '2050-01-01T00:00:00Z',
};

interface CalendarJson {
  id: string;
  name: string;
  isDefaultCalendar?: boolean;
}

const meta = (e: JsonItem) => ({
  subject: e.subject ?? null,
  start: e.start ?? null,
  end: e.end ?? null,
  isAllDay: e.isAllDay ?? null,
  type: e.type ?? null,
  seriesMasterId: e.seriesMasterId ?? null,
  organizer: (e.organizer as { emailAddress?: unknown } | undefined)?.emailAddress ?? null,
  location: (e.location as { displayName?: unknown } | undefined)?.displayName ?? null,
  lastModifiedDateTime: e.lastModifiedDateTime ?? null,
  categories: e.categories ?? [],
});

const search = (e: JsonItem) => ({
  subject: str(e.subject),
  from: emailText(e.organizer),
  to: Array.isArray(e.attendees) ? e.attendees.map(emailText).join(' ') : '',
  body: [
    str((e.location as { displayName?: unknown } | undefined)?.displayName),
    str(e.bodyPreview),
  ]
    .filter(Boolean)
    .join(' '),
});

const spec = { kind: 'event' as const, meta, search };

export const calendarReader: ExchangeReader = {
  async listFolders(client, userId): Promise<FolderInput[]> {
    const cals = await listAll<CalendarJson>(
      client,
      `/users/${enc(userId)}/calendars?$top=100&$select=id,name,isDefaultCalendar`,
    );
    return cals.map((c) => ({
      graphId: c.id,
      parentGraphId: null,
      name: c.name,
      ...(c.isDefaultCalendar ? { wellKnown: 'calendar' } : {}),
    }));
  },
  async readPage(client, userId, folderGraphId, cursor) {
    const range = `startDateTime=${CALENDAR_WINDOW.start}&endDateTime=${CALENDAR_WINDOW.end}`;
    const { page, values } = await readJsonPage(client, folderGraphId, cursor, {
      ...spec,
      scope: `calendar:${folderGraphId}`,
      initial: `/users/${enc(userId)}/calendars/${enc(folderGraphId)}/calendarView/delta?${range}`,
    });
    const items = page.items.filter((i) => i.meta.type !== 'occurrence');
    const masterIds = new Set<string>();
    for (const v of values) {
      if (v['@removed'] === undefined && typeof v.seriesMasterId === 'string') {
        masterIds.add(v.seriesMasterId);
      }
    }
    for (const i of items) masterIds.delete(i.graphId);
    items.push(...(await seriesMasters(client, userId, folderGraphId, [...masterIds])));
    return { ...page, items };
  },
};

async function seriesMasters(
  client: Client,
  userId: string,
  folderGraphId: string,
  ids: string[],
): Promise<ReaderItem[]> {
  if (ids.length === 0) return [];
  const answers = await batchGet(
    client,
    ids.map((id, n) => ({
      id: String(n),
      url: `/users/${enc(userId)}/events/${enc(id)}`,
      headers: outlookHeaders(),
    })),
  );
  const out: ReaderItem[] = [];
  ids.forEach((_, n) => {
    const a = answers.get(String(n));
    if (!a || a.status === 404) return; // series deleted since the page: its @removed follows
    if (a.status !== 200) throw subResponseError(a);
    out.push(jsonItem(spec, folderGraphId, a.body as JsonItem));
  });
  return out;
}
