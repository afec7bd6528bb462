/** Applies one mutation to the tenant, as a change made outside Graph would. */
import { encodeDriveItemId, encodeItemId, Kind } from '../ids.ts';
import { guidOf, hash32 } from '../random.ts';
import type { Sim } from '../sim.ts';
import {
  fileData,
  isoAt,
  type MessageData,
  setMembership,
  touchDirectory,
  type User,
} from '../tenant.ts';
import type { Mutation } from './mutation-schema.ts';
import { deleteDriveTree } from '../drive.ts';
import { ControlError, need } from './errors.ts';
import {
  driveFor,
  driveItemFor,
  ensureFolderPath,
  folderFor,
  mailboxFor,
  messageFor,
} from './lookups.ts';

let mutationCounter = 0;

export function applyMutation(sim: Sim, m: Mutation): Record<string, unknown> {
  const t = sim.tenant;
  const now = isoAt(Date.now());
  switch (m.op) {
    case 'mail.add': {
      const mb = mailboxFor(sim, m.user);
      const folder = folderFor(mb, m.folder);
      const ids: string[] = [];
      for (let i = 0; i < m.count; i++) {
        const n = ++mutationCounter;
        const from = t.users[(n + 1) % t.users.length] ?? mb.user;
        const data: MessageData = {
          subject: m.subject ?? `New arrival ${n} — Lieferung`,
          bodyType: 'html',
          bodyText: `New message ${n}.`,
          bodyHtml: `<html><body><p>New message ${n}. Grüße!</p></body></html>`,
          from: { name: from.displayName, address: from.mail ?? from.userPrincipalName },
          sender: { name: from.displayName, address: from.mail ?? from.userPrincipalName },
          to: [{ name: mb.user.displayName, address: mb.user.mail ?? mb.user.userPrincipalName }],
          cc: [],
          bcc: [],
          replyTo: [],
          sentDateTime: now,
          receivedDateTime: now,
          createdDateTime: now,
          lastModifiedDateTime: now,
          internetMessageId: `<mut-${n}-${hash32(now, n).toString(36)}@${t.domain}>`,
          conversationId: guidOf('mutconv', n),
          importance: 'normal',
          isRead: false,
          isDraft: false,
          flagStatus: 'notFlagged',
          categories: [],
          inferenceClassification: 'focused',
          attachments: [],
          extraHeaders: [],
          extended: {},
          changeKey: 'CQAAABYAAABmut' + n,
        };
        const it = mb.messages.create(String(folder), data);
        ids.push(encodeItemId(Kind.message, mb.scope, it.key, it.moves));
      }
      return { ids };
    }
    case 'mail.update': {
      const mb = mailboxFor(sim, m.user);
      const key = messageFor(mb, m.id);
      mb.messages.update(key, (d) => ({
        ...d,
        ...(m.isRead !== undefined ? { isRead: m.isRead } : {}),
        ...(m.subject !== undefined ? { subject: m.subject, mime: undefined } : {}),
        ...(m.flagStatus ? { flagStatus: m.flagStatus } : {}),
        ...(m.categories ? { categories: m.categories } : {}),
        lastModifiedDateTime: now,
        changeKey: 'CQAAABYAAABupd' + ++mutationCounter,
      }));
      return {};
    }
    case 'mail.move': {
      const mb = mailboxFor(sim, m.user);
      const it = mb.messages.move(messageFor(mb, m.id), String(folderFor(mb, m.folder)));
      return { id: it ? encodeItemId(Kind.message, mb.scope, it.key, it.moves) : null };
    }
    case 'mail.delete': {
      const mb = mailboxFor(sim, m.user);
      mb.messages.delete(messageFor(mb, m.id));
      return {};
    }
    case 'folder.add': {
      const mb = mailboxFor(sim, m.user);
      const f = mb.folders.create('', {
        displayName: m.name,
        parentKey: folderFor(mb, m.parent),
        isHidden: false,
      });
      return { id: encodeItemId(Kind.mailFolder, mb.scope, f.key, 0) };
    }
    case 'folder.delete': {
      const mb = mailboxFor(sim, m.user);
      const key = folderFor(mb, m.id);
      for (const msg of mb.messages.all(String(key))) mb.messages.delete(msg.key);
      mb.folders.delete(key);
      return {};
    }
    case 'file.add': {
      const d = driveFor(sim, m.drive);
      const parts = m.path.split('/').filter(Boolean);
      const name = need(parts.pop(), 'file name');
      const parent = ensureFolderPath(d, parts, now);
      const existing = d.childByName(parent, name);
      if (existing !== undefined) d.items.delete(existing);
      const it = d.items.create(
        '',
        fileData(name, parent, hash32('mut', m.path, ++mutationCounter), m.size, now, 'sim', 1),
      );
      return { id: encodeDriveItemId(d.scope, it.key) };
    }
    case 'file.update': {
      const d = driveFor(sim, m.drive);
      const key = driveItemFor(d, m.id);
      d.items.update(key, (x) => ({
        ...x,
        versions: x.content
          ? [
              ...x.versions,
              {
                id: `${x.versions.length + 1}.0`,
                lastModifiedDateTime: x.lastModifiedDateTime,
                content: x.content,
              },
            ]
          : x.versions,
        content: {
          size: m.size ?? x.content?.size ?? 0,
          seed: hash32('upd', m.id, ++mutationCounter),
        },
        lastModifiedDateTime: now,
        eTagVersion: x.eTagVersion + 1,
        cTagVersion: x.cTagVersion + 1,
      }));
      return {};
    }
    case 'file.move': {
      const d = driveFor(sim, m.drive);
      const key = driveItemFor(d, m.id);
      const parent = m.parent === 'root' ? d.rootKey : driveItemFor(d, m.parent);
      d.items.update(key, (x) => ({
        ...x,
        parentKey: parent,
        name: m.name ?? x.name,
        eTagVersion: x.eTagVersion + 1,
      }));
      return {};
    }
    case 'file.delete': {
      const d = driveFor(sim, m.drive);
      deleteDriveTree(d, driveItemFor(d, m.id));
      return {};
    }
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
      const ms = Date.now() + ++mutationCounter;
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
    case 'user.add': {
      const index = t.users.length;
      const nick =
        m.displayName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '.')
          .replace(/^\.|\.$/g, '') || `user${index}`;
      const u: User = {
        index,
        id: guidOf(t.seed, 'user', index),
        displayName: m.displayName,
        givenName: m.displayName.split(' ')[0] ?? null,
        surname: m.displayName.split(' ').slice(1).join(' ') || null,
        userPrincipalName: `${nick}@${t.domain}`,
        mail: `${nick}@${t.domain}`,
        mailNickname: nick,
        accountEnabled: true,
        ageGroup: null,
        city: null,
        companyName: t.displayName,
        country: null,
        department: null,
        jobTitle: null,
        officeLocation: null,
        usageLocation: 'US',
        createdDateTime: now,
        licensed: m.licensed,
        mailboxKind: m.licensed ? 'user' : 'none',
        hasDrive: m.licensed,
        deleted: false,
        changeSeq: 0,
      };
      touchDirectory(t, u, '*');
      t.users.push(u);
      return { id: u.id };
    }
    case 'user.remove': {
      const u = need(t.user(m.id), `user ${m.id}`);
      u.deleted = true;
      touchDirectory(t, u, '*');
      // a deleted user leaves its groups (members@delta reports the removal)
      for (const g of t.groups) setMembership(t, g, u.id, false);
      return {};
    }
    case 'user.update': {
      const u = need(t.user(m.id), `user ${m.id}`);
      const { op: _op, id: _id, ...fields } = m;
      const props = Object.keys(fields).filter(
        (k) => fields[k as keyof typeof fields] !== undefined,
      );
      Object.assign(u, Object.fromEntries(props.map((k) => [k, fields[k as keyof typeof fields]])));
      touchDirectory(t, u, props);
      return {};
    }
    case 'group.addMember':
    case 'group.removeMember': {
      const g = need(t.group(m.group), `group ${m.group}`);
      const u = need(t.user(m.user), `user ${m.user}`);
      setMembership(t, g, u.id, m.op === 'group.addMember');
      return {};
    }
    case 'site.add': {
      const before = t.sites.length;
      const g = { name: m.name.toLowerCase().replace(/[^a-z0-9]+/g, '') };
      const site = t.addSite(g.name, m.name);
      void before;
      return { id: site.id };
    }
    case 'site.remove': {
      const s = need(t.site(m.id), `site ${m.id}`);
      s.deleted = true;
      return {};
    }
    case 'team.add': {
      const g = t.addGroup(m.displayName, true);
      return { id: g.id };
    }
    case 'team.remove': {
      const g = need(t.group(m.id), `team ${m.id}`);
      g.deleted = true;
      touchDirectory(t, g, '*');
      const team = t.teams.get(g.id);
      if (team) team.deleted = true;
      const site = t.sites.find((s) => s.groupId === g.id);
      if (site) site.deleted = true;
      return {};
    }
  }
}
