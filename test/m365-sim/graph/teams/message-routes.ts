/** Channel messages and replies: list, delta, get, and import (migration mode). */
import type { Tombstone } from '../../store.ts';
import { GraphError, type Router } from '../http.ts';
import { listResponse, outlookSyncReset, storeDelta } from '../paging.ts';
import { channelOr404, messageOr404 } from './lookup.ts';
import { importMessage, migrating } from './message-import.ts';
import { renderMessage } from './render.ts';
import { TEAMS_REQUEST_TYPES } from './request-types.ts';

export function registerChannelMessageRoutes(r: Router): void {
  const { other, getMsgs, postMsgs } = TEAMS_REQUEST_TYPES;
  r.get(
    '/teams/{team-id}/channels/{channel-id}/messages',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      const rows = ch.messages
        .all('')
        .map((it) => renderMessage(ctx, g, ch, it))
        .reverse();
      return listResponse(ctx, rows, { defaultPage: 20, maxPage: 50 });
    },
    getMsgs,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/messages/delta()',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      return storeDelta(ctx, ch.messages, '', {
        render: (it) => renderMessage(ctx, g, ch, it),
        removed: (t: Tombstone) => ({ id: String(t.key), '@removed': { reason: 'deleted' } }),
        defaultPage: 20,
        maxPage: 50,
        style: 'outlook',
        reset: outlookSyncReset(),
      });
    },
    getMsgs,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/messages/{chatMessage-id}',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      return {
        status: 200,
        json: renderMessage(ctx, g, ch, messageOr404(ch, ctx.params['chatMessage-id'])),
      };
    },
    getMsgs,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/messages/{chatMessage-id}/replies',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      const root = messageOr404(ch, ctx.params['chatMessage-id']);
      return listResponse(
        ctx,
        ch.messages.all(String(root.key)).map((it) => renderMessage(ctx, g, ch, it)),
        { defaultPage: 20, maxPage: 50 },
      );
    },
    getMsgs,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/messages/{chatMessage-id}/replies/{chatMessage-id1}',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      const root = messageOr404(ch, ctx.params['chatMessage-id']);
      return {
        status: 200,
        json: renderMessage(ctx, g, ch, messageOr404(ch, ctx.params['chatMessage-id1'], root)),
      };
    },
    getMsgs,
  );
  r.post(
    '/teams/{team-id}/channels/{channel-id}/startMigration',
    (ctx) => {
      const { ch } = channelOr404(ctx);
      migrating.add(ch);
      return { status: 204 };
    },
    other,
  );
  r.post(
    '/teams/{team-id}/channels/{channel-id}/completeMigration',
    (ctx) => {
      const { ch } = channelOr404(ctx);
      if (!migrating.has(ch))
        throw new GraphError(400, 'BadRequest', 'The channel is not in migration mode.');
      migrating.delete(ch);
      return { status: 204 };
    },
    other,
  );
  r.post(
    '/teams/{team-id}/channels/{channel-id}/messages',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      return importMessage(ctx, g, ch, null);
    },
    postMsgs,
  );
  r.post(
    '/teams/{team-id}/channels/{channel-id}/messages/{chatMessage-id}/replies',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      return importMessage(ctx, g, ch, messageOr404(ch, ctx.params['chatMessage-id']));
    },
    postMsgs,
  );
}
