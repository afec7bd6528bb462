/** Teams channel messages and SharePoint list items change. */
import type { Sim } from '../../sim.ts';
import { ControlError, need } from '../errors.ts';
import { nextMutationNumber, type MutationOf } from './mutation-kinds.ts';

export function applyContentMutation(
  sim: Sim,
  m: MutationOf<'channel' | 'listItem'>,
  now: string,
): Record<string, unknown> {
  const t = sim.tenant;
  switch (m.op) {
    case 'channel.add': {
      const team = need(t.team(m.team), `team ${m.team}`);
      const ch = need(
        team.channels.find((c) => c.id === m.channel && !c.deleted),
        `channel ${m.channel}`,
      );
      const g = need(t.group(m.team), 'group');
      const author = need(
        t.users.find((u) => u.id === g.members[0]),
        'member',
      );
      const ms = Date.now() + nextMutationNumber();
      let replyToKey: number | null = null;
      if (m.replyTo)
        replyToKey = need(
          ch.messages.all(null).find((x) => x.data.msgId === m.replyTo),
          `message ${m.replyTo}`,
        ).key;
      ch.messages.create(replyToKey === null ? '' : String(replyToKey), {
        from: { id: author.id, displayName: author.displayName },
        bodyHtml: `<div>${m.text}</div>`,
        subject: null,
        createdDateTime: new Date(ms).toISOString(),
        lastModifiedDateTime: new Date(ms).toISOString(),
        deletedDateTime: null,
        replyToKey,
        mentions: [],
        reactions: [],
        importance: 'normal',
        msgId: String(ms),
      });
      if (replyToKey !== null)
        ch.messages.update(replyToKey, (d) => ({
          ...d,
          lastModifiedDateTime: new Date(ms).toISOString(),
        }));
      return { id: String(ms) };
    }
    case 'channel.update': {
      // an edit: new body, lastEditedDateTime and lastModifiedDateTime (so delta reports it)
      const team = need(t.team(m.team), `team ${m.team}`);
      const ch = need(
        team.channels.find((c) => c.id === m.channel && !c.deleted),
        `channel ${m.channel}`,
      );
      const it = need(
        ch.messages.all(null).find((x) => x.data.msgId === m.id && !x.data.deletedDateTime),
        `message ${m.id}`,
      );
      ch.messages.update(it.key, (d) => ({
        ...d,
        bodyHtml: `<div>${m.text}</div>`,
        lastEditedDateTime: now,
        lastModifiedDateTime: now,
      }));
      if (it.data.replyToKey !== null)
        ch.messages.update(it.data.replyToKey, (d) => ({ ...d, lastModifiedDateTime: now }));
      return {};
    }
    case 'channel.delete': {
      const team = need(t.team(m.team), `team ${m.team}`);
      const ch = need(
        team.channels.find((c) => c.id === m.channel),
        `channel ${m.channel}`,
      );
      const it = need(
        ch.messages.all(null).find((x) => x.data.msgId === m.id),
        `message ${m.id}`,
      );
      ch.messages.update(it.key, (d) => ({
        ...d,
        deletedDateTime: now,
        lastModifiedDateTime: now,
      }));
      return {};
    }
    case 'listItem.add':
    case 'listItem.update':
    case 'listItem.delete': {
      const site = need(t.site(m.site), `site ${m.site}`);
      const list = need(
        site.lists.find((l) => l.id === m.list || l.displayName === m.list),
        `list ${m.list}`,
      );
      if (m.op === 'listItem.add') {
        const it = list.items.create('', {
          fields: m.fields,
          createdDateTime: now,
          lastModifiedDateTime: now,
          eTagVersion: 1,
        });
        return { id: String(it.key + 1) };
      }
      const key = Number(m.id) - 1;
      if (!list.items.get(key)) throw new ControlError(404, `list item ${m.id} not found`);
      if (m.op === 'listItem.delete') list.items.delete(key);
      else
        list.items.update(key, (d) => ({
          ...d,
          fields: { ...d.fields, ...m.fields },
          lastModifiedDateTime: now,
          eTagVersion: d.eTagVersion + 1,
        }));
      return {};
    }
  }
}
