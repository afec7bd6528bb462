/** Contacts and contact folders, calendars and events, To Do lists and tasks (all Outlook: mailbox limits apply). */
import { IMMUTABLE, Kind, decodeItemId, encodeItemId } from '../ids.ts';
import type { ItemStore, StoredItem, Tombstone } from '../store.ts';
import {
  isoAt,
  type ContactData,
  type EventData,
  type Mailbox,
  type TaskData,
  type TodoListData,
} from '../tenant.ts';
import { GraphError, select, type Ctx, type Router } from './http.ts';
import { USER_PATH, mailboxOf, mailboxRoute, malformed } from './mail/mailbox-access.ts';
import { listResponse, outlookSyncReset, storeDelta } from './paging.ts';

const nf = () =>
  new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
const reset = outlookSyncReset;

function keyOf<T>(
  mb: Mailbox,
  store: ItemStore<T>,
  kind: number,
  ref: string | undefined,
): StoredItem<T> {
  if (!ref) throw malformed();
  const d = decodeItemId(ref);
  if (!d) throw malformed();
  if (d.kind !== kind || d.scope !== mb.scope) throw nf();
  const it = store.get(d.key);
  if (!it) throw nf();
  if (d.version !== IMMUTABLE && d.version !== it.moves) throw nf();
  return it;
}

const idOf = (ctx: Ctx, mb: Mailbox, kind: number, it: { key: number; moves: number }) =>
  encodeItemId(kind, mb.scope, it.key, ctx.immutableIds ? IMMUTABLE : it.moves);

const removedOf = (ctx: Ctx, mb: Mailbox, kind: number, type: string) => (t: Tombstone) => ({
  '@odata.type': `#microsoft.graph.${type}`,
  id: encodeItemId(kind, mb.scope, t.key, ctx.immutableIds ? IMMUTABLE : t.moves),
  '@removed': { reason: 'deleted' },
});

// ------------------------------------------------------------------ contacts

function renderContact(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<ContactData>,
): Record<string, unknown> {
  const c = it.data;
  return {
    '@odata.etag': `W/"${c.changeKey}"`,
    id: idOf(ctx, mb, Kind.contact, it),
    createdDateTime: c.createdDateTime,
    lastModifiedDateTime: c.lastModifiedDateTime,
    changeKey: c.changeKey,
    categories: [],
    parentFolderId: encodeItemId(Kind.contactFolder, mb.scope, Number(it.container), 0),
    birthday: c.birthday,
    displayName: c.displayName,
    givenName: c.givenName,
    surname: c.surname,
    companyName: c.companyName,
    jobTitle: c.jobTitle,
    emailAddresses: c.emailAddresses,
    businessPhones: c.businessPhones,
    mobilePhone: c.mobilePhone,
    homePhones: [],
    personalNotes: c.personalNotes,
  };
}

function contactFromJson(j: Record<string, unknown>, prev?: ContactData): ContactData {
  const now = isoAt(Date.now());
  const str = (k: string, d: string | null) => (typeof j[k] === 'string' ? (j[k] as string) : d);
  const given = str('givenName', prev?.givenName ?? '') ?? '';
  const sur = str('surname', prev?.surname ?? '') ?? '';
  return {
    givenName: given,
    surname: sur,
    displayName: str('displayName', prev?.displayName ?? `${given} ${sur}`.trim()) ?? '',
    emailAddresses: Array.isArray(j.emailAddresses)
      ? (j.emailAddresses as { name?: string; address?: string }[]).map((e) => ({
          name: e.name ?? '',
          address: e.address ?? '',
        }))
      : (prev?.emailAddresses ?? []),
    businessPhones: Array.isArray(j.businessPhones)
      ? (j.businessPhones as string[])
      : (prev?.businessPhones ?? []),
    mobilePhone: str('mobilePhone', prev?.mobilePhone ?? null),
    companyName: str('companyName', prev?.companyName ?? null),
    jobTitle: str('jobTitle', prev?.jobTitle ?? null),
    birthday: str('birthday', prev?.birthday ?? null),
    personalNotes: str('personalNotes', prev?.personalNotes ?? '') ?? '',
    createdDateTime: prev?.createdDateTime ?? now,
    lastModifiedDateTime: now,
    changeKey: 'EQAAABYAAAB' + Math.random().toString(36).slice(2, 10),
  };
}

// ------------------------------------------------------------------ events

function renderEvent(
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

function eventFromJson(
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

// ------------------------------------------------------------------ to do

function renderList(ctx: Ctx, mb: Mailbox, it: StoredItem<TodoListData>): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${it.changeSeq}"`,
    id: encodeItemId(Kind.todoList, mb.scope, it.key, 0),
    displayName: it.data.displayName,
    isOwner: it.data.isOwner,
    isShared: it.data.isShared,
    wellknownListName: it.data.wellknownListName,
  };
}

function renderTask(ctx: Ctx, mb: Mailbox, it: StoredItem<TaskData>): Record<string, unknown> {
  const t = it.data;
  const dt = (v: string | null) =>
    v ? { dateTime: v.replace('Z', '.0000000'), timeZone: 'UTC' } : undefined;
  return {
    '@odata.etag': `W/"${it.changeSeq}"`,
    id: encodeItemId(Kind.todoTask, mb.scope, it.key, 0),
    title: t.title,
    body: { content: t.body, contentType: 'text' },
    importance: t.importance,
    status: t.status,
    isReminderOn: false,
    createdDateTime: t.createdDateTime,
    lastModifiedDateTime: t.lastModifiedDateTime,
    categories: t.categories,
    ...(t.dueDateTime ? { dueDateTime: dt(t.dueDateTime) } : {}),
    ...(t.completedDateTime ? { completedDateTime: dt(t.completedDateTime) } : {}),
    checklistItems: t.checklist.map((c) => ({
      id: c.id,
      displayName: c.displayName,
      isChecked: c.isChecked,
      createdDateTime: t.createdDateTime,
    })),
  };
}

function taskFromJson(j: Record<string, unknown>, prev?: TaskData): TaskData {
  const now = isoAt(Date.now());
  if (!prev && typeof j.title !== 'string')
    throw new GraphError(400, 'invalidRequest', 'The title is required.');
  const dt = (v: unknown) =>
    v && typeof v === 'object'
      ? isoAt(Date.parse(((v as { dateTime?: string }).dateTime ?? '') + 'Z'))
      : null;
  return {
    title: typeof j.title === 'string' ? j.title : (prev?.title ?? ''),
    body: (j.body as { content?: string } | undefined)?.content ?? prev?.body ?? '',
    importance:
      (j.importance as TaskData['importance'] | undefined) ?? prev?.importance ?? 'normal',
    status: (j.status as TaskData['status'] | undefined) ?? prev?.status ?? 'notStarted',
    dueDateTime: j.dueDateTime !== undefined ? dt(j.dueDateTime) : (prev?.dueDateTime ?? null),
    completedDateTime:
      j.completedDateTime !== undefined
        ? dt(j.completedDateTime)
        : (prev?.completedDateTime ?? null),
    createdDateTime: prev?.createdDateTime ?? now,
    lastModifiedDateTime: now,
    categories: Array.isArray(j.categories) ? (j.categories as string[]) : (prev?.categories ?? []),
    checklist: prev?.checklist ?? [],
  };
}

export function registerPim(r: Router): void {
  const t = mailboxRoute;
  const U = USER_PATH;

  // contacts
  const contactFolder = (ctx: Ctx, mb: Mailbox, ref: string | undefined) => {
    const c = mb.contacts;
    if (!ref) return c.defaultFolder;
    return keyOf(mb, c.folders, Kind.contactFolder, ref).key;
  };
  r.get(
    `${U}/contactFolders`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const c = mb.contacts;
      const rows = c.folders
        .all('')
        .filter((f) => f.key !== c.defaultFolder)
        .map((f) => ({
          id: encodeItemId(Kind.contactFolder, mb.scope, f.key, 0),
          displayName: f.data.displayName,
          parentFolderId: encodeItemId(Kind.contactFolder, mb.scope, f.data.parentKey, 0),
        }));
      return listResponse(ctx, rows, { defaultPage: 10, maxPage: 1000 });
    },
    t,
  );
  const contacts = (fromParam: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const folder = contactFolder(ctx, mb, fromParam ? ctx.params['contactFolder-id'] : undefined);
    return listResponse(
      ctx,
      mb.contacts.contacts.all(String(folder)).map((it) => renderContact(ctx, mb, it)),
      { defaultPage: 10, maxPage: 1000 },
    );
  };
  r.get(`${U}/contacts`, contacts(false), t);
  r.get(`${U}/contactFolders/{contactFolder-id}/contacts`, contacts(true), t);
  const contactDelta = (fromParam: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const folder = contactFolder(ctx, mb, fromParam ? ctx.params['contactFolder-id'] : undefined);
    return storeDelta(ctx, mb.contacts.contacts, String(folder), {
      render: (it) => renderContact(ctx, mb, it),
      removed: removedOf(ctx, mb, Kind.contact, 'contact'),
      defaultPage: 10,
      maxPage: 1000,
      style: 'outlook',
      reset: reset(),
    });
  };
  r.get(`${U}/contacts/delta()`, contactDelta(false), t);
  r.get(`${U}/contactFolders/{contactFolder-id}/contacts/delta()`, contactDelta(true), t);
  const createContact = (fromParam: boolean) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const folder = contactFolder(ctx, mb, fromParam ? ctx.params['contactFolder-id'] : undefined);
    const it = mb.contacts.contacts.create(String(folder), contactFromJson(ctx.json()));
    return { status: 201, json: renderContact(ctx, mb, it) };
  };
  r.post(`${U}/contacts`, createContact(false), t);
  r.post(`${U}/contactFolders/{contactFolder-id}/contacts`, createContact(true), t);
  const contactItem = (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    return { mb, it: keyOf(mb, mb.contacts.contacts, Kind.contact, ctx.params['contact-id']) };
  };
  r.get(
    `${U}/contacts/{contact-id}`,
    (ctx) => {
      const { mb, it } = contactItem(ctx);
      return {
        status: 200,
        json: select(renderContact(ctx, mb, it), ctx.req.query.get('$select')),
      };
    },
    t,
  );
  r.patch(
    `${U}/contacts/{contact-id}`,
    (ctx) => {
      const { mb, it } = contactItem(ctx);
      const up = mb.contacts.contacts.update(it.key, (d) => contactFromJson(ctx.json(), d));
      if (!up) throw nf();
      return { status: 200, json: renderContact(ctx, mb, up) };
    },
    t,
  );
  r.delete(
    `${U}/contacts/{contact-id}`,
    (ctx) => {
      const { mb, it } = contactItem(ctx);
      mb.contacts.contacts.delete(it.key);
      return { status: 204 };
    },
    t,
  );

  // calendars and events
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
  const eventDelta = (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    return storeDelta(ctx, mb.calendar.events, String(mb.calendar.defaultCalendar), {
      render: (it) => renderEvent(ctx, mb, mb.scope, it.container, it),
      removed: removedOf(ctx, mb, Kind.event, 'event'),
      defaultPage: 10,
      maxPage: 1000,
      style: 'outlook',
      reset: reset(),
    });
  };
  r.get(`${U}/calendarView/delta()`, eventDelta, t);
  r.get(`${U}/calendar/events/delta()`, eventDelta, t);
  r.get(`${U}/events/delta()`, eventDelta, t);
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

  // To Do
  const L = `${U}/todo/lists`;
  r.get(
    L,
    (ctx) => {
      const mb = mailboxOf(ctx);
      return listResponse(
        ctx,
        mb.todo.lists.all('').map((it) => renderList(ctx, mb, it)),
        { defaultPage: 100, maxPage: 1000 },
      );
    },
    t,
  );
  r.get(
    `${L}/delta()`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      return storeDelta(ctx, mb.todo.lists, '', {
        render: (it) => renderList(ctx, mb, it),
        removed: removedOf(ctx, mb, Kind.todoList, 'todoTaskList'),
        defaultPage: 100,
        maxPage: 1000,
        style: 'outlook',
        reset: reset(),
      });
    },
    t,
  );
  r.post(
    L,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const j = ctx.json<{ displayName?: string }>();
      if (!j.displayName)
        throw new GraphError(400, 'invalidRequest', 'The displayName is required.');
      const it = mb.todo.lists.create('', {
        displayName: j.displayName,
        wellknownListName: 'none',
        isOwner: true,
        isShared: false,
      });
      return { status: 201, json: renderList(ctx, mb, it) };
    },
    t,
  );
  const listKey = (mb: Mailbox, ref: string | undefined) =>
    keyOf(mb, mb.todo.lists, Kind.todoList, ref).key;
  r.get(
    `${L}/{todoTaskList-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const it = keyOf(mb, mb.todo.lists, Kind.todoList, ctx.params['todoTaskList-id']);
      return { status: 200, json: renderList(ctx, mb, it) };
    },
    t,
  );
  r.get(
    `${L}/{todoTaskList-id}/tasks`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = listKey(mb, ctx.params['todoTaskList-id']);
      return listResponse(
        ctx,
        mb.todo.tasks.all(String(k)).map((it) => renderTask(ctx, mb, it)),
        { defaultPage: 100, maxPage: 1000 },
      );
    },
    t,
  );
  r.get(
    `${L}/{todoTaskList-id}/tasks/delta()`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = listKey(mb, ctx.params['todoTaskList-id']);
      return storeDelta(ctx, mb.todo.tasks, String(k), {
        render: (it) => renderTask(ctx, mb, it),
        removed: removedOf(ctx, mb, Kind.todoTask, 'todoTask'),
        defaultPage: 100,
        maxPage: 1000,
        style: 'outlook',
        reset: reset(),
      });
    },
    t,
  );
  r.post(
    `${L}/{todoTaskList-id}/tasks`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = listKey(mb, ctx.params['todoTaskList-id']);
      const it = mb.todo.tasks.create(String(k), taskFromJson(ctx.json()));
      return { status: 201, json: renderTask(ctx, mb, it) };
    },
    t,
  );
  const taskItem = (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    listKey(mb, ctx.params['todoTaskList-id']);
    return { mb, it: keyOf(mb, mb.todo.tasks, Kind.todoTask, ctx.params['todoTask-id']) };
  };
  r.get(
    `${L}/{todoTaskList-id}/tasks/{todoTask-id}`,
    (ctx) => {
      const { mb, it } = taskItem(ctx);
      return { status: 200, json: renderTask(ctx, mb, it) };
    },
    t,
  );
  r.patch(
    `${L}/{todoTaskList-id}/tasks/{todoTask-id}`,
    (ctx) => {
      const { mb, it } = taskItem(ctx);
      const up = mb.todo.tasks.update(it.key, (d) => taskFromJson(ctx.json(), d));
      if (!up) throw nf();
      return { status: 200, json: renderTask(ctx, mb, up) };
    },
    t,
  );
  r.delete(
    `${L}/{todoTaskList-id}/tasks/{todoTask-id}`,
    (ctx) => {
      const { mb, it } = taskItem(ctx);
      mb.todo.tasks.delete(it.key);
      return { status: 204 };
    },
    t,
  );
}
