/** Mail folder routes: list, child folders, create, get, update, delete, move, delta. */
import { Kind } from '../../ids.ts';
import type { Mailbox } from '../../tenant.ts';
import { type Ctx, GraphError, type Router, select } from '../http.ts';
import { contextUrl, listResponse, outlookSyncReset, storeDelta } from '../paging.ts';
import { folderKey, mailboxOf, mailboxRoute, USER_PATH } from './mailbox-access.ts';
import { renderFolder } from './render.ts';
import { removed } from './message-lists.ts';

export function registerFolderRoutes(r: Router): void {
  const t = mailboxRoute;
  const U = USER_PATH;

  // folders
  const listFolders = (parent: (ctx: Ctx, mb: Mailbox) => number) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const p = parent(ctx, mb);
    const hidden = ctx.req.query.get('includeHiddenFolders') === 'true';
    const rows = mb.folders
      .all('')
      .filter((f) => f.data.parentKey === p && (hidden || !f.data.isHidden))
      .map((f) => renderFolder(ctx, mb, f.key));
    return listResponse(ctx, rows, {
      defaultPage: 10,
      maxPage: 1000,
      context: `users('${mb.user.id}')/mailFolders`,
    });
  };
  const rootKey = (_ctx: Ctx, mb: Mailbox) => mb.folderByWellKnown.get('msgfolderroot') ?? 0;
  r.get(`${U}/mailFolders`, listFolders(rootKey), t);
  r.get(
    `${U}/mailFolders/{mailFolder-id}/childFolders`,
    listFolders((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
  const createFolder = (parent: (ctx: Ctx, mb: Mailbox) => number) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const p = parent(ctx, mb);
    const j = ctx.json<{ displayName?: string; isHidden?: boolean }>();
    if (!j.displayName)
      throw new GraphError(400, 'ErrorInvalidRequest', 'The folder display name is missing.');
    if (
      mb.folders
        .all('')
        .some(
          (f) =>
            f.data.parentKey === p &&
            f.data.displayName.toLowerCase() === j.displayName?.toLowerCase(),
        )
    )
      throw new GraphError(
        409,
        'ErrorFolderExists',
        'A folder with the specified name already exists.',
      );
    const f = mb.folders.create('', {
      displayName: j.displayName,
      parentKey: p,
      isHidden: j.isHidden ?? false,
    });
    return {
      status: 201,
      json: {
        '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/mailFolders/$entity`),
        ...renderFolder(ctx, mb, f.key),
      },
    };
  };
  r.post(`${U}/mailFolders`, createFolder(rootKey), t);
  r.post(
    `${U}/mailFolders/{mailFolder-id}/childFolders`,
    createFolder((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
  r.get(
    `${U}/mailFolders/{mailFolder-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      return {
        status: 200,
        json: {
          '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/mailFolders/$entity`),
          ...select(renderFolder(ctx, mb, k), ctx.req.query.get('$select')),
        },
      };
    },
    t,
  );
  r.get(
    `${U}/mailFolders/{mailFolder-id}/childFolders/{mailFolder-id1}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id1']);
      return { status: 200, json: select(renderFolder(ctx, mb, k), ctx.req.query.get('$select')) };
    },
    t,
  );
  r.patch(
    `${U}/mailFolders/{mailFolder-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      const j = ctx.json<{ displayName?: string }>();
      if (j.displayName)
        mb.folders.update(k, (d) => ({ ...d, displayName: j.displayName ?? d.displayName }));
      return { status: 200, json: renderFolder(ctx, mb, k) };
    },
    t,
  );
  r.delete(
    `${U}/mailFolders/{mailFolder-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      if (mb.folders.get(k)?.data.wellKnownName)
        throw new GraphError(
          403,
          'ErrorDeleteDistinguishedFolder',
          'Distinguished folders cannot be deleted.',
        );
      deleteFolderTree(mb, k);
      return { status: 204 };
    },
    t,
  );
  r.post(
    `${U}/mailFolders/{mailFolder-id}/move`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      const dest = folderKey(ctx, mb, ctx.json<{ destinationId?: string }>().destinationId);
      mb.folders.update(k, (d) => ({ ...d, parentKey: dest }));
      return { status: 201, json: renderFolder(ctx, mb, k) };
    },
    t,
  );
  r.get(
    `${U}/mailFolders/delta()`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const root = mb.folderByWellKnown.get('msgfolderroot');
      return storeDelta(ctx, mb.folders, '', {
        render: (it) => renderFolder(ctx, mb, it.key),
        removed: removed(ctx, mb, Kind.mailFolder),
        include: (it) => it.key !== root && !it.data.outsideRoot,
        defaultPage: 100,
        maxPage: 1000,
        style: 'outlook',
        reset: outlookSyncReset(),
        context: `Collection(mailFolder)`,
      });
    },
    t,
  );
}

export function deleteFolderTree(mb: Mailbox, key: number): void {
  for (const child of mb.folders.all('').filter((f) => f.data.parentKey === key))
    deleteFolderTree(mb, child.key);
  for (const m of mb.messages.all(String(key))) mb.messages.delete(m.key);
  mb.folders.delete(key);
}
