/** Rendering teams, channels and channel messages. */
import type { StoredItem } from '../../store.ts';
import type { Channel, ChatMessageData, Group, Team } from '../../tenant.ts';
import type { Ctx } from '../http.ts';

export function renderTeam(g: Group, team: Team): Record<string, unknown> {
  return {
    id: g.id,
    createdDateTime: team.createdDateTime,
    displayName: g.displayName,
    description: g.description,
    internalId: `19:${g.id.replace(/-/g, '')}@thread.tacv2`,
    isArchived: false,
    visibility: g.visibility.toLowerCase(),
    webUrl: `https://teams.microsoft.com/l/team/19%3a${g.id.replace(/-/g, '')}%40thread.tacv2/conversations?groupId=${g.id}`,
    memberSettings: { allowCreateUpdateChannels: true },
    messagingSettings: { allowUserEditMessages: true, allowUserDeleteMessages: true },
  };
}

export function renderChannel(g: Group, ch: Channel): Record<string, unknown> {
  return {
    id: ch.id,
    createdDateTime: ch.createdDateTime,
    displayName: ch.displayName,
    description: ch.description,
    isFavoriteByDefault: null,
    email: ch.email,
    tenantId: undefined,
    webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(ch.id)}/${encodeURIComponent(ch.displayName)}?groupId=${g.id}`,
    membershipType: ch.membershipType,
  };
}

export function renderMessage(
  ctx: Ctx,
  g: Group,
  ch: Channel,
  it: StoredItem<ChatMessageData>,
): Record<string, unknown> {
  const m = it.data;
  const parent = m.replyToKey !== null ? ch.messages.get(m.replyToKey) : undefined;
  const tid = ctx.sim.tenant.id;
  return {
    id: m.msgId,
    replyToId: parent ? parent.data.msgId : null,
    etag: String(Date.parse(m.lastModifiedDateTime)),
    messageType: 'message',
    createdDateTime: m.createdDateTime,
    lastModifiedDateTime: m.lastModifiedDateTime,
    lastEditedDateTime: m.lastEditedDateTime ?? null,
    deletedDateTime: m.deletedDateTime,
    subject: m.subject,
    summary: null,
    chatId: null,
    importance: m.importance,
    locale: 'en-us',
    webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(ch.id)}/${m.msgId}?groupId=${g.id}`,
    policyViolation: null,
    eventDetail: null,
    from: {
      application: null,
      device: null,
      user: {
        '@odata.type': '#microsoft.graph.teamworkUserIdentity',
        id: m.from.id,
        displayName: m.from.displayName,
        userIdentityType: 'aadUser',
        tenantId: tid,
      },
    },
    body: { contentType: 'html', content: m.deletedDateTime ? '' : m.bodyHtml },
    channelIdentity: { teamId: g.id, channelId: ch.id },
    attachments: [],
    mentions: m.mentions.map((x) => ({
      id: x.id,
      mentionText: x.mentionText,
      mentioned: {
        application: null,
        device: null,
        conversation: null,
        tag: null,
        user: {
          '@odata.type': '#microsoft.graph.teamworkUserIdentity',
          id: x.userId,
          displayName: x.displayName,
          userIdentityType: 'aadUser',
        },
      },
    })),
    reactions: m.reactions.map((x) => ({
      reactionType: x.reactionType,
      displayName:
        x.reactionType === 'like' ? 'Like' : x.reactionType === 'heart' ? 'Heart' : x.reactionType,
      reactionContentUrl: null,
      createdDateTime: x.createdDateTime,
      user: {
        application: null,
        device: null,
        user: {
          '@odata.type': '#microsoft.graph.teamworkUserIdentity',
          id: x.userId,
          displayName: null,
          userIdentityType: 'aadUser',
        },
      },
    })),
  };
}
