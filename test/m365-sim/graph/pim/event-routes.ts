/** Calendars and events: list, delta, create, get, update, delete. */
import { Kind, encodeItemId } from '../../ids.ts';
import type { Mailbox } from '../../tenant.ts';
import { select, type Ctx, type Router } from '../http.ts';
import { USER_PATH, mailboxOf, mailboxRoute } from '../mail/mailbox-access.ts';
import { listResponse, outlookSyncReset, storeDelta } from '../paging.ts';
import { keyOf, nf, removedOf } from './item-refs.ts';
import { betaOnly, calendarViewDelta } from './calendar-view.ts';
import { eventFromJson, renderEvent } from './events.ts';

export function registerEventRoutes(r: Router): void {
  const t = mailboxRoute;
  const U = USER_PATH;
  const calendarKey = (ctx: Ctx, mb: Mailbox, ref: string | undefined) =>
    ref ? keyOf(mb, mb.calendar.calendars, Kind.calendar, ref).key : mb.calendar.defaultCalendar;
  r.get(
    `${U}/calendars`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const rows = mb.calendar.calendars.all('').map((c) => ({
        id: encodeItemId(Kind.calendar, mb.scope, c.key, 0),
        name: c.data.name,
        color: c.data.color,
        isDefaultCalendar: c.data.isDefault,
        canEdit: true,
        canShare: true,
        canViewPrivateItems: true,
        owner: { name: mb.user.displayName, address: mb.user.mail },
      }));
      return listResponse(ctx, rows, { defaultPage: 10, maxPage: 1000 });
    },
    t,
  );
  const events = (param: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const cal = param ? calendarKey(ctx, mb, ctx.params['calendar-id']) : null;
    const all = cal === null ? mb.calendar.events.all(null) : mb.calendar.events.all(String(cal));
    return listResponse(
      ctx,
      all.map((it) => renderEvent(ctx, mb, mb.scope, it.container, it)),
      { defaultPage: 10, maxPage: 1000 },
    );
  };
  r.get(`${U}/events`, events(false), t);
  r.get(`${U}/calendars/{calendar-id}/events`, events(true), t);
  r.get(
    `${U}/calendar/events`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      return listResponse(
        ctx,
        mb.calendar.events
          .all(String(mb.calendar.defaultCalendar))
          .map((it) => renderEvent(ctx, mb, mb.scope, it.container, it)),
        { defaultPage: 10, maxPage: 1000 },
      );
    },
    t,
  );
  const calendarOf = (ctx: Ctx, mb: Mailbox) =>
    String(
      ctx.params['calendar-id']
        ? calendarKey(ctx, mb, ctx.params['calendar-id'])
        : mb.calendar.defaultCalendar,
    );
  // v1.0: event delta works on a calendarView (a date range) of any calendar
  const viewDelta = (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    return calendarViewDelta(
      ctx,
      mb.calendar.events,
      calendarOf(ctx, mb),
      (it) => renderEvent(ctx, mb, mb.scope, it.container, it),
      removedOf(ctx, mb, Kind.event, 'event'),
      outlookSyncReset(),
    );
  };
  r.get(`${U}/calendarView/delta()`, viewDelta, t);
  r.get(`${U}/calendar/calendarView/delta()`, viewDelta, t);
  r.get(`${U}/calendars/{calendar-id}/calendarView/delta()`, viewDelta, t);
  // beta: delta on events (series masters and single instances, no range)
  const eventDelta = (ctx: Ctx) => {
    if (ctx.version !== 'beta') throw betaOnly();
    const mb = mailboxOf(ctx);
    return storeDelta(ctx, mb.calendar.events, calendarOf(ctx, mb), {
      render: (it) => renderEvent(ctx, mb, mb.scope, it.container, it),
      removed: removedOf(ctx, mb, Kind.event, 'event'),
      defaultPage: 10,
      maxPage: 1000,
      style: 'outlook',
      reset: outlookSyncReset(),
    });
  };
  r.get(`${U}/calendar/events/delta()`, eventDelta, t);
  r.get(`${U}/events/delta()`, eventDelta, t);
  r.get(`${U}/calendars/{calendar-id}/events/delta()`, eventDelta, t);
  const createEvent = (param: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const cal = param
      ? calendarKey(ctx, mb, ctx.params['calendar-id'])
      : mb.calendar.defaultCalendar;
    const it = mb.calendar.events.create(
      String(cal),
      eventFromJson(ctx.json(), { name: mb.user.displayName, address: mb.user.mail ?? '' }),
    );
    return { status: 201, json: renderEvent(ctx, mb, mb.scope, it.container, it) };
  };
  r.post(`${U}/events`, createEvent(false), t);
  r.post(`${U}/calendar/events`, createEvent(false), t);
  r.post(`${U}/calendars/{calendar-id}/events`, createEvent(true), t);
  const eventItem = (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    return { mb, it: keyOf(mb, mb.calendar.events, Kind.event, ctx.params['event-id']) };
  };
  r.get(
    `${U}/events/{event-id}`,
    (ctx) => {
      const { mb, it } = eventItem(ctx);
      return {
        status: 200,
        json: select(
          renderEvent(ctx, mb, mb.scope, it.container, it),
          ctx.req.query.get('$select'),
        ),
      };
    },
    t,
  );
  r.patch(
    `${U}/events/{event-id}`,
    (ctx) => {
      const { mb, it } = eventItem(ctx);
      const up = mb.calendar.events.update(it.key, (d) =>
        eventFromJson(ctx.json(), d.organizer, d),
      );
      if (!up) throw nf();
      return { status: 200, json: renderEvent(ctx, mb, mb.scope, up.container, up) };
    },
    t,
  );
  r.delete(
    `${U}/events/{event-id}`,
    (ctx) => {
      const { mb, it } = eventItem(ctx);
      mb.calendar.events.delete(it.key);
      return { status: 204 };
    },
    t,
  );
}
