/**
 * Ground truth: a canonical digest of a mailbox, drive, site, list, team or group. Each
 * entry names an item by what a restore must preserve (a path or the Internet message id,
 * not a Graph id, which a restore cannot keep), the SHA-256 of its content, and the
 * properties that must survive. Two digests are equal exactly when a restore was exact.
 */
import { mimeOf } from './graph/mail/message-mime.ts';
import { sha256Hex, streamHash } from './random.ts';
import type {
  Drive,
  DriveItemData,
  FileContent,
  Group,
  Mailbox,
  Site,
  SpList,
  Tenant,
} from './tenant.ts';
import type { StoredItem } from './store.ts';

export interface DigestEntry {
  key: string;
  contentHash: string;
  props: Record<string, unknown>;
}

export interface Digest {
  kind: string;
  id: string;
  count: number;
  digest: string;
  entries: DigestEntry[];
}

function finish(kind: string, id: string, entries: DigestEntry[]): Digest {
  entries.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.contentHash < b.contentHash ? -1 : 1,
  );
  const digest = sha256Hex(
    entries.map((e) => JSON.stringify([e.key, e.contentHash, e.props])).join('\n'),
  );
  return { kind, id, count: entries.length, digest, entries };
}

export function folderPath(mb: Mailbox, key: number): string {
  const parts: string[] = [];
  let k = key;
  for (let guard = 0; guard < 64; guard++) {
    const f = mb.folders.get(k);
    if (!f || f.data.wellKnownName === 'msgfolderroot') break;
    parts.unshift(f.data.displayName);
    if (f.data.parentKey < 0) break;
    k = f.data.parentKey;
  }
  return '/' + parts.join('/');
}

export function mailboxDigest(mb: Mailbox, opts: { folder?: string } = {}): Digest {
  const entries: DigestEntry[] = [];
  const paths = new Map<string, string>();
  for (const f of mb.folders.all('')) paths.set(String(f.key), folderPath(mb, f.key));
  for (const it of mb.messages.all(null)) {
    const path = paths.get(it.container) ?? '?';
    if (opts.folder && !(path === opts.folder || path.startsWith(opts.folder + '/'))) continue;
    const d = it.data;
    entries.push({
      key: `${path}|${d.internetMessageId}`,
      contentHash: sha256Hex(mimeOf(mb, it)),
      props: {
        folder: path,
        subject: d.subject,
        isRead: d.isRead,
        isDraft: d.isDraft,
        flagStatus: d.flagStatus,
        categories: [...d.categories].sort(),
        importance: d.importance,
        sentDateTime: d.sentDateTime,
        receivedDateTime: d.receivedDateTime,
        hasAttachments: d.attachments.some((a) => !a.isInline),
      },
    });
  }
  for (const f of mb.folders.all('')) {
    if (f.data.wellKnownName === 'msgfolderroot') continue;
    const path = paths.get(String(f.key)) ?? '?';
    if (opts.folder && !(path === opts.folder || path.startsWith(opts.folder + '/'))) continue;
    entries.push({
      key: `${path}/`,
      contentHash: '',
      props: { folder: true, isHidden: f.data.isHidden },
    });
  }
  return finish('mailbox', mb.user.id, entries);
}

export function contentHash(c: FileContent | undefined): string {
  if (!c) return '';
  if (c.bytes) return sha256Hex(c.bytes);
  return streamHash(c.seed ?? 0, c.size);
}

export function drivePath(d: Drive, it: StoredItem<DriveItemData>): string {
  const parts: string[] = [];
  let cur: StoredItem<DriveItemData> | undefined = it;
  for (let guard = 0; cur && cur.key !== d.rootKey && guard < 256; guard++) {
    parts.unshift(cur.data.name);
    cur = d.items.get(cur.data.parentKey);
  }
  return '/' + parts.join('/');
}

export function driveDigest(d: Drive, opts: { under?: string; versions?: boolean } = {}): Digest {
  const entries: DigestEntry[] = [];
  for (const it of d.items.all(null)) {
    if (it.key === d.rootKey) continue;
    const path = drivePath(d, it);
    if (opts.under && !(path === opts.under || path.startsWith(opts.under + '/'))) continue;
    entries.push({
      key: path + (it.data.folder ? '/' : ''),
      contentHash: it.data.folder ? '' : contentHash(it.data.content),
      props: it.data.folder
        ? { folder: true }
        : {
            size: it.data.content?.size ?? 0,
            ...(opts.versions
              ? { versions: it.data.versions.map((v) => contentHash(v.content)) }
              : {}),
          },
    });
  }
  return finish('drive', d.id, entries);
}

export function listDigest(list: SpList): Digest {
  const entries = list.items.all(null).map((it) => {
    const fields = Object.fromEntries(
      Object.entries(it.data.fields).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    return {
      key: String(it.data.fields.Title ?? it.key),
      contentHash: sha256Hex(JSON.stringify(fields)),
      props: fields,
    };
  });
  return finish('list', list.id, entries);
}

export function siteDigest(t: Tenant, site: Site): Digest {
  const entries: DigestEntry[] = [];
  for (const l of site.lists) {
    const sub = l.drive ? driveDigest(l.drive) : listDigest(l);
    for (const e of sub.entries) entries.push({ ...e, key: `${l.displayName}:${e.key}` });
  }
  for (const s of t.sites.filter((x) => x.parentIndex === site.index && !x.deleted)) {
    for (const e of siteDigest(t, s).entries) entries.push({ ...e, key: `${s.name}/${e.key}` });
  }
  return finish('site', site.id, entries);
}

export function teamDigest(t: Tenant, g: Group): Digest {
  const team = t.team(g.id);
  const entries: DigestEntry[] = [];
  if (team) {
    for (const ch of team.channels.filter((c) => !c.deleted)) {
      entries.push({
        key: `${ch.displayName}/`,
        contentHash: '',
        props: { membershipType: ch.membershipType, description: ch.description },
      });
      for (const m of ch.messages.all(null)) {
        const root = m.data.replyToKey === null ? m : ch.messages.get(m.data.replyToKey);
        entries.push({
          key: `${ch.displayName}/${root?.data.createdDateTime ?? ''}/${m.data.replyToKey === null ? '' : m.data.createdDateTime}`,
          contentHash: sha256Hex(m.data.bodyHtml),
          props: {
            from: m.data.from.displayName,
            subject: m.data.subject,
            createdDateTime: m.data.createdDateTime,
            deleted: m.data.deletedDateTime !== null,
            reactions: m.data.reactions.map((r) => r.reactionType).sort(),
            mentions: m.data.mentions.map((x) => x.displayName).sort(),
          },
        });
      }
      if (ch.driveOfChannel && ch.filesFolderKey !== undefined) {
        const folder = ch.driveOfChannel.items.get(ch.filesFolderKey);
        if (folder) {
          const under = drivePath(ch.driveOfChannel, folder);
          for (const e of driveDigest(ch.driveOfChannel, { under }).entries)
            entries.push({ ...e, key: `${ch.displayName}/files${e.key.slice(under.length)}` });
        }
      }
    }
  }
  return finish('team', g.id, entries);
}

export function groupDigest(t: Tenant, g: Group): Digest {
  const c = t.groupContentOf(g);
  const entries: DigestEntry[] = [];
  for (const conv of c.conversations.all(null)) {
    for (const tk of conv.data.threadKeys) {
      const th = c.threads.get(tk);
      if (!th) continue;
      for (const p of th.data.posts.all(null)) {
        entries.push({
          key: `conversation:${th.data.topic}/${p.data.receivedDateTime}`,
          contentHash: sha256Hex(p.data.bodyHtml),
          props: { from: p.data.from.address },
        });
      }
    }
  }
  for (const e of c.calendar.events.all(null)) {
    entries.push({
      key: `event:${e.data.subject}/${e.data.start}`,
      contentHash: sha256Hex(e.data.bodyHtml),
      props: { end: e.data.end, recurrence: e.data.recurrence !== null, isAllDay: e.data.isAllDay },
    });
  }
  for (const e of driveDigest(c.drive).entries) entries.push({ ...e, key: `files:${e.key}` });
  entries.push({
    key: 'members',
    contentHash: sha256Hex([...g.members].sort().join(',')),
    props: { count: g.members.length },
  });
  return finish('group', g.id, entries);
}
