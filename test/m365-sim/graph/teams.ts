/** Teams, channels (private included), channel messages and replies (delta, import), group conversations and group calendars. */
import { IMMUTABLE, Kind, decodeItemId, encodeItemId } from '../ids.ts';
import { ItemStore, SeqClock, type StoredItem, type Tombstone } from '../store.ts';
import {
  escapeHtml,
  isoAt,
  type Channel,
  type ChatMessageData,
  type EventData,
  type Group,
  type PostData,
  type Team,
} from '../tenant.ts';
import { groupOr404 } from './directory.ts';
import { renderItem } from './drives.ts';
import { GraphError, select, type Ctx, type Router, type ThrottleClass } from './http.ts';
import { listResponse, outlookSyncReset, storeDelta } from './paging.ts';
import type { TeamsBucket } from '../throttle.ts';

/** Teams limits: the request type's bucket, scoped to the addressed channel (or team). */
const teamsThrottle =
  (bucket: TeamsBucket) =>
  (ctx: Ctx): ThrottleClass => {
    const team = (ctx.params['team-id'] ?? ctx.params['group-id'] ?? '').toLowerCase();
    const channel = ctx.params['channel-id'];
    return {
      kind: 'teams',
      bucket,
      scope: channel ? `channel:${team}/${channel}` : `team:${team}`,
    };
  };
const groupMailbox = (ctx: Ctx): ThrottleClass => ({
  kind: 'mailbox',
  key: (ctx.params['group-id'] ?? '').toLowerCase(),
});
const nf = (what = 'Resource not found') => new GraphError(404, 'NotFound', what);

function teamOr404(ctx: Ctx): { g: Group; team: Team } {
  const g = ctx.sim.tenant.group(ctx.params['team-id'] ?? ctx.params['group-id'] ?? '');
  const team = g ? ctx.sim.tenant.team(g.id) : undefined;
  if (!g || !team || team.deleted)
    throw nf(`No team found with Group Id ${ctx.params['team-id'] ?? ''}`);
  return { g, team };
}

function channelOr404(ctx: Ctx): { g: Group; team: Team; ch: Channel } {
  const { g, team } = teamOr404(ctx);
  const ref = ctx.params['channel-id'] ?? '';
  const ch = team.channels.find((c) => c.id === ref && !c.deleted);
  if (!ch) throw nf('Channel not found');
  return { g, team, ch };
}

function renderTeam(g: Group, team: Team): Record<string, unknown> {
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

function renderChannel(g: Group, ch: Channel): Record<string, unknown> {
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

function renderMessage(
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
    lastEditedDateTime: null,
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

function messageOr404(
  ch: Channel,
  id: string | undefined,
  parent?: StoredItem<ChatMessageData>,
): StoredItem<ChatMessageData> {
  const it = ch.messages.all(parent ? String(parent.key) : '').find((m) => m.data.msgId === id);
  if (!it) throw nf('Message not found');
  return it;
}

const migrating = new WeakSet<Channel>();

function importMessage(
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

// ------------------------------------------------------------------ conversations

function postId(scope: number, key: number, thread: number): string {
  return encodeItemId(Kind.post, scope, thread * 65536 + key, 0);
}

function renderPost(
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

function renderGroupEvent(ctx: Ctx, g: Group, it: StoredItem<EventData>): Record<string, unknown> {
  const e = it.data;
  return {
    id: encodeItemId(Kind.event, 0x80000000 + g.index, it.key, ctx.immutableIds ? IMMUTABLE : 0),
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.lastModifiedDateTime,
    changeKey: e.changeKey,
    subject: e.subject,
    body: { contentType: 'html', content: e.bodyHtml },
    start: { dateTime: e.start, timeZone: e.timeZone },
    end: { dateTime: e.end, timeZone: e.timeZone },
    isAllDay: e.isAllDay,
    recurrence: e.recurrence,
    location: { displayName: e.location },
    organizer: { emailAddress: e.organizer },
    type: e.recurrence ? 'seriesMaster' : 'singleInstance',
    iCalUId: e.iCalUId,
  };
}

export function registerTeams(r: Router): void {
  // Request types of https://learn.microsoft.com/graph/throttling-limits#microsoft-teams-service-limits
  const getTeam = { throttle: teamsThrottle('getTeamOrChannel') };
  const getChannels = { throttle: teamsThrottle('getChannels') };
  const getMembers = { throttle: teamsThrottle('getMembers') };
  const otherGet = { throttle: teamsThrottle('otherGet') };
  const other = { throttle: teamsThrottle('other') };
  const getMsgs = { throttle: teamsThrottle('getChannelMessage') };
  const postMsgs = { throttle: teamsThrottle('postChannelMessage') };
  r.get(
    '/teams/{team-id}',
    (ctx) => {
      const { g, team } = teamOr404(ctx);
      return { status: 200, json: select(renderTeam(g, team), ctx.req.query.get('$select')) };
    },
    getTeam,
  );
  r.get(
    '/groups/{group-id}/team',
    (ctx) => {
      const { g, team } = teamOr404(ctx);
      return { status: 200, json: renderTeam(g, team) };
    },
    getTeam,
  );
  r.get(
    '/teams/{team-id}/channels',
    (ctx) => {
      const { g, team } = teamOr404(ctx);
      return listResponse(
        ctx,
        team.channels.filter((c) => !c.deleted).map((c) => renderChannel(g, c)),
        { defaultPage: 1000, maxPage: 1000 },
      );
    },
    getChannels,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      return { status: 200, json: renderChannel(g, ch) };
    },
    getTeam,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/filesFolder',
    (ctx) => {
      const { ch } = channelOr404(ctx);
      const d = ch.driveOfChannel;
      const it = d && ch.filesFolderKey !== undefined ? d.items.get(ch.filesFolderKey) : undefined;
      if (!d || !it) throw nf();
      return { status: 200, json: renderItem(ctx, d, it, false) };
    },
    otherGet,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/members',
    (ctx) => {
      const { ch } = channelOr404(ctx);
      const rows = ch.members
        .map((id) => ctx.sim.tenant.users.find((u) => u.id === id))
        .filter((u) => !!u)
        .map((u) => ({
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          id: Buffer.from(`${ch.id}#${u.id}`).toString('base64'),
          roles: [],
          displayName: u.displayName,
          userId: u.id,
          email: u.mail,
        }));
      return listResponse(ctx, rows, { defaultPage: 100, maxPage: 1000 });
    },
    getMembers,
  );
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

  // group conversations
  const gm = { throttle: groupMailbox };
  const content = (ctx: Ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    return { g, c: ctx.sim.tenant.groupContentOf(g) };
  };
  const convId = (g: Group, key: number) => encodeItemId(Kind.conversation, g.index, key, 0);
  const threadId = (g: Group, key: number) => encodeItemId(Kind.thread, g.index, key, 0);
  const threadOf = (ctx: Ctx) => {
    const { g, c } = content(ctx);
    const d = decodeItemId(ctx.params['conversationThread-id'] ?? '');
    const th =
      d && d.kind === Kind.thread && d.scope === g.index ? c.threads.get(d.key) : undefined;
    if (!th)
      throw new GraphError(
        404,
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    return { g, c, th };
  };
  const renderThread = (
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
  r.get(
    '/groups/{group-id}/conversations',
    (ctx) => {
      const { g, c } = content(ctx);
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
      const { g, c } = content(ctx);
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
      const { g, c } = content(ctx);
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
      const { g, c } = content(ctx);
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

  // group calendar
  const groupEvents = (ctx: Ctx) => {
    const { g, c } = content(ctx);
    return listResponse(
      ctx,
      c.calendar.events.all(null).map((it) => renderGroupEvent(ctx, g, it)),
      { defaultPage: 10, maxPage: 1000 },
    );
  };
  r.get('/groups/{group-id}/events', groupEvents, gm);
  r.get('/groups/{group-id}/calendar/events', groupEvents, gm);
  r.get(
    '/groups/{group-id}/calendar/events/delta()',
    (ctx) => {
      const { g, c } = content(ctx);
      return storeDelta(ctx, c.calendar.events, null, {
        render: (it) => renderGroupEvent(ctx, g, it),
        removed: (t: Tombstone) => ({
          id: encodeItemId(Kind.event, 0x80000000 + g.index, t.key, 0),
          '@removed': { reason: 'deleted' },
        }),
        defaultPage: 10,
        maxPage: 1000,
        style: 'outlook',
        reset: new GraphError(410, 'SyncStateNotFound', 'The sync state is not found.'),
      });
    },
    gm,
  );
}
