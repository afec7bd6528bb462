/** Group conversations: list conversations and threads, read posts, start a thread, reply. */
import { Kind, decodeItemId } from '../../ids.ts';
import { ItemStore, SeqClock } from '../../store.ts';
import { isoAt, type PostData } from '../../tenant.ts';
import { GraphError, type Router } from '../http.ts';
import { listResponse } from '../paging.ts';
import { convId, renderPost, renderThread, threadOf } from './conversations.ts';
import { GROUP_MAILBOX, groupContentAt } from './group-content.ts';

export function registerConversationRoutes(r: Router): void {
  const gm = GROUP_MAILBOX;
  r.get(
    '/groups/{group-id}/conversations',
    (ctx) => {
      const { g, c } = groupContentAt(ctx);
      const rows = c.conversations.all(null).map((it) => {
        const ths = it.data.threadKeys.map((k) => c.threads.get(k)).filter((x) => !!x);
        return {
          id: convId(g, it.key),
          topic: it.data.topic,
          hasAttachments: false,
          lastDeliveredDateTime: ths[0]?.data.lastDeliveredDateTime ?? null,
          uniqueSenders: [
            ...new Set(ths.flatMap((t) => t.data.posts.all(null).map((p) => p.data.from.name))),
          ],
          preview: '',
        };
      });
      return listResponse(ctx, rows, { defaultPage: 10, maxPage: 100 });
    },
    gm,
  );
  r.get(
    '/groups/{group-id}/conversations/{conversation-id}/threads',
    (ctx) => {
      const { g, c } = groupContentAt(ctx);
      const d = decodeItemId(ctx.params['conversation-id'] ?? '');
      const conv =
        d && d.kind === Kind.conversation && d.scope === g.index
          ? c.conversations.get(d.key)
          : undefined;
      if (!conv)
        throw new GraphError(
          404,
          'ErrorItemNotFound',
          'The specified object was not found in the store.',
        );
      const rows = conv.data.threadKeys
        .map((k) => c.threads.get(k))
        .filter((x) => !!x)
        .map((th) => renderThread(g, th));
      return listResponse(ctx, rows, { defaultPage: 10, maxPage: 100 });
    },
    gm,
  );
  r.get(
    '/groups/{group-id}/threads',
    (ctx) => {
      const { g, c } = groupContentAt(ctx);
      return listResponse(
        ctx,
        c.threads.all(null).map((th) => renderThread(g, th)),
        { defaultPage: 10, maxPage: 100 },
      );
    },
    gm,
  );
  r.get(
    '/groups/{group-id}/threads/{conversationThread-id}/posts',
    (ctx) => {
      const { g, th } = threadOf(ctx);
      return listResponse(
        ctx,
        th.data.posts.all(null).map((p) => renderPost(g, th.key, p)),
        { defaultPage: 10, maxPage: 100 },
      );
    },
    gm,
  );
  r.post(
    '/groups/{group-id}/threads',
    (ctx) => {
      const { g, c } = groupContentAt(ctx);
      const j = ctx.json<{
        topic?: string;
        posts?: {
          body?: { content?: string };
          from?: { emailAddress?: { name?: string; address?: string } };
        }[];
      }>();
      const now = isoAt(Date.now());
      const th = c.threads.create('', {
        topic: j.topic ?? '',
        posts: new ItemStore<PostData>(new SeqClock()),
        lastDeliveredDateTime: now,
      });
      for (const p of j.posts ?? []) {
        th.data.posts.create('', {
          from: {
            name: p.from?.emailAddress?.name ?? g.displayName,
            address: p.from?.emailAddress?.address ?? g.mail,
          },
          bodyHtml: p.body?.content ?? '',
          receivedDateTime: now,
          createdDateTime: now,
          lastModifiedDateTime: now,
          changeKey: 'CQAAAB' + now,
        });
      }
      c.conversations.create('', { topic: j.topic ?? '', threadKeys: [th.key] });
      return { status: 201, json: renderThread(g, th) };
    },
    gm,
  );
  r.post(
    '/groups/{group-id}/threads/{conversationThread-id}/reply',
    (ctx) => {
      const { g, th } = threadOf(ctx);
      const j = ctx.json<{
        post?: {
          body?: { content?: string };
          from?: { emailAddress?: { name?: string; address?: string } };
        };
      }>();
      const now = isoAt(Date.now());
      th.data.posts.create('', {
        from: {
          name: j.post?.from?.emailAddress?.name ?? g.displayName,
          address: j.post?.from?.emailAddress?.address ?? g.mail,
        },
        bodyHtml: j.post?.body?.content ?? '',
        receivedDateTime: now,
        createdDateTime: now,
        lastModifiedDateTime: now,
        changeKey: 'CQAAAB' + now,
      });
      return { status: 202 };
    },
    gm,
  );
}
