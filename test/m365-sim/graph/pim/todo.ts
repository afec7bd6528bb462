/** To Do lists and tasks as Graph renders and accepts them. */
import { Kind, encodeItemId } from '../../ids.ts';
import type { StoredItem } from '../../store.ts';
import { isoAt, type Mailbox, type TaskData, type TodoListData } from '../../tenant.ts';
import { GraphError, type Ctx } from '../http.ts';

export function renderList(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<TodoListData>,
): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${it.changeSeq}"`,
    id: encodeItemId(Kind.todoList, mb.scope, it.key, 0),
    displayName: it.data.displayName,
    isOwner: it.data.isOwner,
    isShared: it.data.isShared,
    wellknownListName: it.data.wellknownListName,
  };
}

export function renderTask(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<TaskData>,
): Record<string, unknown> {
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

export function taskFromJson(j: Record<string, unknown>, prev?: TaskData): TaskData {
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
