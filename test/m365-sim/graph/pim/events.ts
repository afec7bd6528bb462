/** Events as Graph renders and accepts them. */
import { IMMUTABLE, Kind, encodeItemId } from '../../ids.ts';
import type { StoredItem } from '../../store.ts';
import { isoAt, type EventData, type Mailbox } from '../../tenant.ts';
import { GraphError, type Ctx } from '../http.ts';

export function renderEvent(
  ctx: Ctx,
  mb: Mailbox | null,
  scope: number,
  calendarKey: string,
  it: StoredItem<EventData>,
): Record<string, unknown> {
  const e = it.data;
  return {
    '@odata.etag': `W/"${e.changeKey}"`,
    id: encodeItemId(Kind.event, scope, it.key, ctx.immutableIds ? IMMUTABLE : it.moves),
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.lastModifiedDateTime,
    changeKey: e.changeKey,
    categories: [],
    iCalUId: e.iCalUId,
    subject: e.subject,
    bodyPreview: e.bodyHtml.replace(/<[^>]+>/g, '').slice(0, 255),
    importance: e.importance,
    sensitivity: e.sensitivity,
    isAllDay: e.isAllDay,
    isCancelled: false,
    isOrganizer: mb ? e.organizer.address === (mb.user.mail ?? '') : true,
    showAs: e.showAs,
    type: e.recurrence ? 'seriesMaster' : 'singleInstance',
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    body: { contentType: 'html', content: e.bodyHtml },
    start: { dateTime: e.start, timeZone: e.timeZone },
    end: { dateTime: e.end, timeZone: e.timeZone },
    location: { displayName: e.location },
    locations: e.location ? [{ displayName: e.location }] : [],
    recurrence: e.recurrence,
    attendees: e.attendees.map((a) => ({
      type: a.type,
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: a.address,
    })),
    organizer: { emailAddress: e.organizer },
  };
}

export function eventFromJson(
  j: Record<string, unknown>,
  organizer: { name: string; address: string },
  prev?: EventData,
): EventData {
  const now = isoAt(Date.now());
  const dt = (v: unknown) =>
    v && typeof v === 'object' ? (v as { dateTime?: string; timeZone?: string }) : undefined;
  const start = dt(j.start);
  const end = dt(j.end);
  if (!prev && (!start?.dateTime || !end?.dateTime))
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      "Your request can't be completed. The start and end of the event are required.",
    );
  const body = j.body as { content?: string } | undefined;
  return {
    subject: typeof j.subject === 'string' ? j.subject : (prev?.subject ?? ''),
    bodyHtml: body?.content ?? prev?.bodyHtml ?? '',
    start: start?.dateTime ?? prev?.start ?? now,
    end: end?.dateTime ?? prev?.end ?? now,
    timeZone: start?.timeZone ?? prev?.timeZone ?? 'UTC',
    isAllDay: typeof j.isAllDay === 'boolean' ? j.isAllDay : (prev?.isAllDay ?? false),
    location:
      ((j.location as { displayName?: string } | undefined)?.displayName ?? prev?.location) || '',
    attendees: Array.isArray(j.attendees)
      ? (
          j.attendees as { type?: string; emailAddress?: { name?: string; address?: string } }[]
        ).map((a) => ({
          type: a.type === 'optional' ? 'optional' : 'required',
          address: { name: a.emailAddress?.name ?? '', address: a.emailAddress?.address ?? '' },
        }))
      : (prev?.attendees ?? []),
    organizer: prev?.organizer ?? organizer,
    recurrence:
      j.recurrence !== undefined
        ? (j.recurrence as EventData['recurrence'])
        : (prev?.recurrence ?? null),
    showAs: (j.showAs as EventData['showAs'] | undefined) ?? prev?.showAs ?? 'busy',
    importance:
      (j.importance as EventData['importance'] | undefined) ?? prev?.importance ?? 'normal',
    sensitivity:
      (j.sensitivity as EventData['sensitivity'] | undefined) ?? prev?.sensitivity ?? 'normal',
    isOnlineMeeting:
      typeof j.isOnlineMeeting === 'boolean' ? j.isOnlineMeeting : (prev?.isOnlineMeeting ?? false),
    createdDateTime: prev?.createdDateTime ?? now,
    lastModifiedDateTime: now,
    changeKey: 'DwAAABYAAAB' + Math.random().toString(36).slice(2, 10),
    iCalUId:
      prev?.iCalUId ??
      '040000008200E00074C5B7101A82E008' + Math.random().toString(16).slice(2, 10).toUpperCase(),
  };
}
