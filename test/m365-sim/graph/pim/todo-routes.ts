/** To Do lists and tasks: list, delta, create, get, update, delete. */
import { Kind } from '../../ids.ts';
import type { Mailbox } from '../../tenant.ts';
import { GraphError, type Ctx, type Router } from '../http.ts';
import { USER_PATH, mailboxOf, mailboxRoute } from '../mail/mailbox-access.ts';
import { listResponse, outlookSyncReset, storeDelta } from '../paging.ts';
import { keyOf, nf, removedOf } from './item-refs.ts';
import { renderList, renderTask, taskFromJson } from './todo.ts';

export function registerTodoRoutes(r: Router): void {
  const t = mailboxRoute;
  const U = USER_PATH;
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
        reset: outlookSyncReset(),
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
        reset: outlookSyncReset(),
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
