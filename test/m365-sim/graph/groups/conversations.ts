/** Group conversations, threads and posts: ids, lookup and rendering. */
import { Kind, decodeItemId, encodeItemId } from '../../ids.ts';
import type { StoredItem } from '../../store.ts';
import type { Group, PostData } from '../../tenant.ts';
import { GraphError, type Ctx } from '../http.ts';
import { groupContentAt } from './group-content.ts';

export const convId = (g: Group, key: number) => encodeItemId(Kind.conversation, g.index, key, 0);
export const threadId = (g: Group, key: number) => encodeItemId(Kind.thread, g.index, key, 0);
export const threadOf = (ctx: Ctx) => {
  const { g, c } = groupContentAt(ctx);
  const d = decodeItemId(ctx.params['conversationThread-id'] ?? '');
  const th = d && d.kind === Kind.thread && d.scope === g.index ? c.threads.get(d.key) : undefined;
  if (!th)
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  return { g, c, th };
};
export const renderThread = (
  g: Group,
  th: StoredItem<{
    topic: string;
    lastDeliveredDateTime: string;
    posts: { all(c: string | null): StoredItem<PostData>[] };
  }>,
) => ({
  id: threadId(g, th.key),
  topic: th.data.topic,
  hasAttachments: false,
  lastDeliveredDateTime: th.data.lastDeliveredDateTime,
  uniqueSenders: [...new Set(th.data.posts.all(null).map((p) => p.data.from.name))],
  preview:
    th.data.posts
      .all(null)[0]
      ?.data.bodyHtml.replace(/<[^>]+>/g, '')
      .slice(0, 120) ?? '',
  isLocked: false,
});

export function postId(scope: number, key: number, thread: number): string {
  return encodeItemId(Kind.post, scope, thread * 65536 + key, 0);
}

export function renderPost(
  g: Group,
  threadKey: number,
  it: StoredItem<PostData>,
): Record<string, unknown> {
  const p = it.data;
  return {
    '@odata.etag': `W/"${p.changeKey}"`,
    id: postId(g.index, it.key, threadKey),
    createdDateTime: p.createdDateTime,
    lastModifiedDateTime: p.lastModifiedDateTime,
    changeKey: p.changeKey,
    categories: [],
    receivedDateTime: p.receivedDateTime,
    hasAttachments: false,
    body: { contentType: 'html', content: p.bodyHtml },
    from: { emailAddress: p.from },
    sender: { emailAddress: p.from },
  };
}
