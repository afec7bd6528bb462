/** Single-message routes: get, MIME $value, update, delete, move, copy, replace by MIME. */
import { isoAt } from '../../tenant.ts';
import { GraphError, type Router, select } from '../http.ts';
import { contextUrl } from '../paging.ts';
import {
  folderKey,
  mailboxOf,
  MESSAGE_PATHS,
  messageItem,
  messageRoute,
  USER_PATH,
} from './mailbox-access.ts';
import { renderMessage } from './render.ts';
import { fromMime, mimeOf } from './message-mime.ts';
import { changeKey, updateMessage } from './message-write.ts';

export function registerMessageRoutes(r: Router): void {
  const U = USER_PATH;
  const single = messageRoute;
  for (const base of MESSAGE_PATHS) {
    r.get(
      base,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        return {
          status: 200,
          json: {
            '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/messages/$entity`),
            ...select(renderMessage(ctx, mb, it), ctx.req.query.get('$select')),
          },
        };
      },
      single,
    );
    r.get(
      `${base}/$value`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const raw = mimeOf(mb, it);
        // A `cut` fault breaks the MIME download part-way, as a dropped connection would.
        const cut = ctx.inBatch
          ? undefined
          : ctx.sim.faults.take(['cut'], 'GET', ctx.req.path, false);
        const cutAfter = cut
          ? Math.min(raw.byteLength - 1, cut.afterBytes ?? raw.byteLength >> 1)
          : undefined;
        return { status: 200, raw, contentType: 'text/plain', cutAfter };
      },
      single,
    );
    r.patch(
      base,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = updateMessage(ctx, mb, messageItem(ctx, mb, ctx.params['message-id']));
        return { status: 200, json: renderMessage(ctx, mb, it) };
      },
      single,
    );
    r.delete(
      base,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const deletions = mb.folderByWellKnown.get('recoverableitemsdeletions');
        if (deletions === undefined || it.container === String(deletions))
          mb.messages.delete(it.key);
        else mb.messages.move(it.key, String(deletions));
        return { status: 204 };
      },
      single,
    );
    r.post(
      `${base}/permanentDelete`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        mb.messages.delete(messageItem(ctx, mb, ctx.params['message-id']).key);
        return { status: 204 };
      },
      single,
    );
    r.post(
      `${base}/move`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const dest = folderKey(ctx, mb, ctx.json<{ destinationId?: string }>().destinationId);
        const moved = mb.messages.move(it.key, String(dest), (d) => ({
          ...d,
          changeKey: changeKey(mb),
          lastModifiedDateTime: isoAt(Date.now()),
        }));
        if (!moved)
          throw new GraphError(
            404,
            'ErrorItemNotFound',
            'The specified object was not found in the store.',
          );
        return { status: 201, json: renderMessage(ctx, mb, moved) };
      },
      single,
    );
    r.post(
      `${base}/copy`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const dest = folderKey(ctx, mb, ctx.json<{ destinationId?: string }>().destinationId);
        const now = isoAt(Date.now());
        const copy = mb.messages.create(String(dest), {
          ...it.data,
          createdDateTime: now,
          lastModifiedDateTime: now,
          changeKey: changeKey(mb),
        });
        return { status: 201, json: renderMessage(ctx, mb, copy) };
      },
      single,
    );
  }
  r.put(
    `${U}/messages/{message-id}/$value`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const it = messageItem(ctx, mb, ctx.params['message-id']);
      const now = isoAt(Date.now());
      const parsed = fromMime(mb, ctx.req.body, now);
      const up = mb.messages.update(it.key, (d) => ({
        ...parsed,
        isDraft: d.isDraft,
        isRead: d.isRead,
        flagStatus: d.flagStatus,
        categories: d.categories,
        sentDateTime: d.sentDateTime,
        receivedDateTime: d.receivedDateTime,
        createdDateTime: d.createdDateTime,
        extended: d.extended,
      }));
      void up;
      return { status: 204 };
    },
    single,
  );
}
