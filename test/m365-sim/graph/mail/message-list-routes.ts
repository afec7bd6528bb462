/** Message list routes: list, per-folder list, delta, create. */
import { Kind } from '../../ids.ts';
import type { Mailbox } from '../../tenant.ts';
import { type Ctx, GraphError, type Router, select } from '../http.ts';
import { contextUrl, outlookSyncReset, preferenceApplied, storeDelta } from '../paging.ts';
import { folderKey, mailboxOf, mailboxRoute, USER_PATH } from './mailbox-access.ts';
import { renderMessage } from './render.ts';
import { createMessage } from './message-write.ts';
import {
  checkMessageDeltaQuery,
  messageListKeys,
  receivedSince,
  removed,
} from './message-lists.ts';

export function registerMessageListRoutes(r: Router): void {
  const t = mailboxRoute;
  const U = USER_PATH;

  const listMessages = (folder: ((ctx: Ctx, mb: Mailbox) => number) | null) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const container = folder ? String(folder(ctx, mb)) : null;
    const q = ctx.req.query;
    const keys = messageListKeys(ctx, mb, container);
    const size = ctx.pageSize(10, 1000);
    const skipRaw = q.get('$skip');
    const offset = skipRaw === null ? 0 : Number(skipRaw);
    if (!Number.isInteger(offset) || offset < 0)
      throw new GraphError(400, 'BadRequest', `Invalid value '${skipRaw ?? ''}' for $skip.`);
    const value: Record<string, unknown>[] = [];
    for (const key of keys.slice(offset, offset + size)) {
      const it = mb.messages.get(key);
      if (it) value.push(select(renderMessage(ctx, mb, it), q.get('$select')));
    }
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/messages`),
    };
    if (q.get('$count') === 'true') body['@odata.count'] = keys.length;
    body.value = value;
    // Exchange pages message lists with $skip (https://learn.microsoft.com/graph/api/user-list-messages)
    if (offset + size < keys.length) {
      const qs = new URLSearchParams(q);
      qs.set('$skip', String(offset + size));
      body['@odata.nextLink'] =
        `${ctx.origin}/${ctx.version}${ctx.path}?${qs.toString().replace(/%24/g, '$')}`;
    }
    return { status: 200, json: body, headers: preferenceApplied(ctx) };
  };
  r.get(`${U}/messages`, listMessages(null), t);
  r.get(
    `${U}/mailFolders/{mailFolder-id}/messages`,
    listMessages((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
  r.get(
    `${U}/mailFolders/{mailFolder-id}/messages/delta()`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      checkMessageDeltaQuery(ctx.req.query);
      return storeDelta(ctx, mb.messages, String(k), {
        // delta items carry their type, as in the documented response
        // (https://learn.microsoft.com/graph/api/message-delta#response-1)
        render: (it) => ({
          '@odata.type': '#microsoft.graph.message',
          ...renderMessage(ctx, mb, it),
        }),
        include: (it, query) => receivedSince(query)(it.data),
        removed: removed(ctx, mb, Kind.message),
        defaultPage: 10,
        maxPage: 1000,
        style: 'outlook',
        reset: outlookSyncReset(),
        context: 'Collection(message)',
      });
    },
    t,
  );
  const create = (folder: (ctx: Ctx, mb: Mailbox) => number) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const it = createMessage(ctx, mb, folder(ctx, mb));
    return {
      status: 201,
      json: {
        '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/messages/$entity`),
        ...renderMessage(ctx, mb, it),
      },
    };
  };
  r.post(
    `${U}/messages`,
    create((_c, mb) => mb.folderByWellKnown.get('drafts') ?? 0),
    t,
  );
  r.post(
    `${U}/mailFolders/{mailFolder-id}/messages`,
    create((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
}
