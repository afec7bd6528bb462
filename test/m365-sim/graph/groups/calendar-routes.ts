/** A group's calendar: events and their delta. */
import { IMMUTABLE, Kind, encodeItemId } from '../../ids.ts';
import type { StoredItem, Tombstone } from '../../store.ts';
import type { EventData, Group } from '../../tenant.ts';
import { GraphError, type Ctx, type Router } from '../http.ts';
import { listResponse, storeDelta } from '../paging.ts';
import { betaOnly, calendarViewDelta } from '../pim/calendar-view.ts';
import { GROUP_MAILBOX, groupContentAt } from './group-content.ts';

function renderGroupEvent(ctx: Ctx, g: Group, it: StoredItem<EventData>): Record<string, unknown> {
  const e = it.data;
  return {
    id: encodeItemId(Kind.event, 0x80000000 + g.index, it.key, ctx.immutableIds ? IMMUTABLE : 0),
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.lastModifiedDateTime,
    changeKey: e.changeKey,
    subject: e.subject,
    body: { contentType: 'html', content: e.bodyHtml },
    start: { dateTime: e.start, timeZone: e.timeZone },
    end: { dateTime: e.end, timeZone: e.timeZone },
    isAllDay: e.isAllDay,
    recurrence: e.recurrence,
    location: { displayName: e.location },
    organizer: { emailAddress: e.organizer },
    type: e.recurrence ? 'seriesMaster' : 'singleInstance',
    iCalUId: e.iCalUId,
  };
}

export function registerGroupCalendarRoutes(r: Router): void {
  const gm = GROUP_MAILBOX;
  const groupEvents = (ctx: Ctx) => {
    const { g, c } = groupContentAt(ctx);
    return listResponse(
      ctx,
      c.calendar.events.all(null).map((it) => renderGroupEvent(ctx, g, it)),
      { defaultPage: 10, maxPage: 1000 },
    );
  };
  r.get('/groups/{group-id}/events', groupEvents, gm);
  r.get('/groups/{group-id}/calendar/events', groupEvents, gm);
  const removed = (g: Group) => (t: Tombstone) => ({
    '@odata.type': '#microsoft.graph.event',
    id: encodeItemId(Kind.event, 0x80000000 + g.index, t.key, 0),
    '@removed': { reason: 'deleted' },
  });
  const reset = () => new GraphError(410, 'SyncStateNotFound', 'The sync state is not found.');
  const viewDelta = (ctx: Ctx) => {
    const { g, c } = groupContentAt(ctx);
    return calendarViewDelta(
      ctx,
      c.calendar.events,
      null,
      (it) => renderGroupEvent(ctx, g, it),
      removed(g),
      reset(),
    );
  };
  r.get('/groups/{group-id}/calendarView/delta()', viewDelta, gm);
  r.get('/groups/{group-id}/calendar/calendarView/delta()', viewDelta, gm);
  const eventDelta = (ctx: Ctx) => {
    if (ctx.version !== 'beta') throw betaOnly();
    const { g, c } = groupContentAt(ctx);
    return storeDelta(ctx, c.calendar.events, null, {
      render: (it) => renderGroupEvent(ctx, g, it),
      removed: removed(g),
      defaultPage: 10,
      maxPage: 1000,
      style: 'outlook',
      reset: reset(),
    });
  };
  r.get('/groups/{group-id}/calendar/events/delta()', eventDelta, gm);
  r.get('/groups/{group-id}/events/delta()', eventDelta, gm);
}
