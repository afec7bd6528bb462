/** Importing channel messages (migration mode): POSTs are refused unless the channel is migrating. */
import { escapeHtml, type Channel, type ChatMessageData, type Group } from '../../tenant.ts';
import type { StoredItem } from '../../store.ts';
import { GraphError, type Ctx } from '../http.ts';
import { nf } from './lookup.ts';
import { renderMessage } from './render.ts';

/** Channels between startMigration and completeMigration. */
export const migrating = new WeakSet<Channel>();

export function importMessage(
  ctx: Ctx,
  g: Group,
  ch: Channel,
  replyTo: StoredItem<ChatMessageData> | null,
) {
  const j = ctx.json<{
    body?: { content?: string; contentType?: string };
    createdDateTime?: string;
    from?: { user?: { id?: string; displayName?: string } };
    subject?: string;
    importance?: string;
  }>();
  if (!ctx.sim.tenant.users.length) throw nf();
  if (!migrating.has(ch)) {
    throw new GraphError(
      403,
      'Forbidden',
      'Message POST is allowed in application-only context only for import purposes. Refer to https://docs.microsoft.com/microsoftteams/platform/graph-api/import-messages/import-external-messages-to-teams for more details.',
    );
  }
  const when = j.createdDateTime ? new Date(j.createdDateTime) : new Date();
  const html =
    (j.body?.contentType ?? 'html').toLowerCase() === 'html'
      ? (j.body?.content ?? '')
      : escapeHtml(j.body?.content ?? '');
  const it = ch.messages.create(replyTo ? String(replyTo.key) : '', {
    from: { id: j.from?.user?.id ?? '', displayName: j.from?.user?.displayName ?? '' },
    bodyHtml: html,
    subject: j.subject ?? null,
    createdDateTime: when.toISOString(),
    lastModifiedDateTime: when.toISOString(),
    deletedDateTime: null,
    replyToKey: replyTo ? replyTo.key : null,
    mentions: [],
    reactions: [],
    importance: j.importance === 'high' ? 'high' : 'normal',
    msgId: String(when.getTime() + ch.messages.count(null)),
  });
  return { status: 201, json: renderMessage(ctx, g, ch, it) };
}
