/**
 * The control API under /_sim: faults, mutations, ground truth, request log, reset.
 * It is not part of Microsoft's surface; tests and benchmarks drive the simulator with it.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import {
  driveDigest,
  groupDigest,
  listDigest,
  mailboxDigest,
  siteDigest,
  teamDigest,
} from './digest.ts';
import { FaultRuleInput } from './faults.ts';
import { Kind, decodeDriveItemId, decodeItemId, encodeDriveItemId, encodeItemId } from './ids.ts';
import { guidOf, hash32 } from './random.ts';
import type { Sim } from './sim.ts';
import {
  fileData,
  isoAt,
  setMembership,
  touchDirectory,
  type Drive,
  type Mailbox,
  type MessageData,
  type User,
} from './tenant.ts';

const Mutation = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('mail.add'),
    user: z.string(),
    folder: z.string().default('inbox'),
    count: z.number().int().min(1).max(10_000).default(1),
    subject: z.string().optional(),
  }),
  z.object({
    op: z.literal('mail.update'),
    user: z.string(),
    id: z.string(),
    isRead: z.boolean().optional(),
    subject: z.string().optional(),
    flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).optional(),
    categories: z.array(z.string()).optional(),
  }),
  z.object({ op: z.literal('mail.move'), user: z.string(), id: z.string(), folder: z.string() }),
  z.object({ op: z.literal('mail.delete'), user: z.string(), id: z.string() }),
  z.object({
    op: z.literal('folder.add'),
    user: z.string(),
    parent: z.string().default('msgfolderroot'),
    name: z.string(),
  }),
  z.object({ op: z.literal('folder.delete'), user: z.string(), id: z.string() }),
  z.object({
    op: z.literal('file.add'),
    drive: z.string(),
    path: z.string(),
    size: z
      .number()
      .int()
      .min(0)
      .max(512 * 1024 * 1024)
      .default(1000),
  }),
  z.object({
    op: z.literal('file.update'),
    drive: z.string(),
    id: z.string(),
    size: z.number().int().min(0).optional(),
  }),
  z.object({
    op: z.literal('file.move'),
    drive: z.string(),
    id: z.string(),
    parent: z.string(),
    name: z.string().optional(),
  }),
  z.object({ op: z.literal('file.delete'), drive: z.string(), id: z.string() }),
  z.object({
    op: z.literal('channel.add'),
    team: z.string(),
    channel: z.string(),
    text: z.string().default('New message'),
    replyTo: z.string().optional(),
  }),
  z.object({
    op: z.literal('channel.delete'),
    team: z.string(),
    channel: z.string(),
    id: z.string(),
  }),
  z.object({
    op: z.literal('listItem.add'),
    site: z.string(),
    list: z.string(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  z.object({
    op: z.literal('listItem.update'),
    site: z.string(),
    list: z.string(),
    id: z.string(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  z.object({
    op: z.literal('listItem.delete'),
    site: z.string(),
    list: z.string(),
    id: z.string(),
  }),
  z.object({
    op: z.literal('user.add'),
    displayName: z.string(),
    licensed: z.boolean().default(true),
  }),
  z.object({ op: z.literal('user.remove'), id: z.string() }),
  z.object({
    op: z.literal('user.update'),
    id: z.string(),
    displayName: z.string().optional(),
    department: z.string().nullable().optional(),
    jobTitle: z.string().nullable().optional(),
    city: z.string().nullable().optional(),
    country: z.string().nullable().optional(),
    officeLocation: z.string().nullable().optional(),
    companyName: z.string().nullable().optional(),
    accountEnabled: z.boolean().optional(),
  }),
  z.object({ op: z.literal('group.addMember'), group: z.string(), user: z.string() }),
  z.object({ op: z.literal('group.removeMember'), group: z.string(), user: z.string() }),
  z.object({ op: z.literal('site.add'), name: z.string() }),
  z.object({ op: z.literal('site.remove'), id: z.string() }),
  z.object({ op: z.literal('team.add'), displayName: z.string() }),
  z.object({ op: z.literal('team.remove'), id: z.string() }),
]);
type Mutation = z.infer<typeof Mutation>;

class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

function need<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new ControlError(404, `${what} not found`);
  return v;
}

function mailboxFor(sim: Sim, user: string): Mailbox {
  const u = need(sim.tenant.user(user), `user ${user}`);
  return need(sim.tenant.mailbox(u), `mailbox of ${user}`);
}

function folderFor(mb: Mailbox, ref: string): number {
  const wk = mb.folderByWellKnown.get(ref.toLowerCase());
  if (wk !== undefined) return wk;
  const d = decodeItemId(ref);
  if (d && d.kind === Kind.mailFolder && mb.folders.get(d.key)) return d.key;
  const byName = mb.folders
    .all('')
    .find((f) => f.data.displayName.toLowerCase() === ref.toLowerCase());
  return need(byName?.key, `folder ${ref}`);
}

function messageFor(mb: Mailbox, id: string): number {
  const d = decodeItemId(id);
  if (!d || d.kind !== Kind.message || !mb.messages.get(d.key))
    throw new ControlError(404, `message ${id} not found`);
  return d.key;
}

export function driveFor(sim: Sim, ref: string): Drive {
  const direct = sim.tenant.drive(ref);
  if (direct) return direct;
  const u = sim.tenant.user(ref);
  if (u) return need(sim.tenant.userDrive(u), `drive of ${ref}`);
  const g = sim.tenant.group(ref);
  if (g) return sim.tenant.groupContentOf(g).drive;
  throw new ControlError(404, `drive ${ref} not found`);
}

function driveItemFor(d: Drive, id: string): number {
  const dec = decodeDriveItemId(id);
  if (!dec || dec.scope !== d.scope || !d.items.get(dec.key))
    throw new ControlError(404, `item ${id} not found`);
  return dec.key;
}

function ensureFolderPath(d: Drive, parts: string[], when: string): number {
  let parent = d.rootKey;
  for (const p of parts) {
    const existing = d.childByName(parent, p);
    parent =
      existing ??
      d.items.create('', {
        name: p,
        parentKey: parent,
        folder: true,
        versions: [],
        createdDateTime: when,
        lastModifiedDateTime: when,
        createdBy: 'sim',
        eTagVersion: 1,
        cTagVersion: 1,
      }).key;
  }
  return parent;
}

let mutationCounter = 0;

function applyMutation(sim: Sim, m: Mutation): Record<string, unknown> {
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

export function deleteDriveTree(d: Drive, key: number): void {
  for (const c of d.items.all(null).filter((x) => x.data.parentKey === key))
    deleteDriveTree(d, c.key);
  d.items.delete(key);
}

export function registerControl(app: Hono, sim: Sim): void {
  const guard = (fn: (c: Context) => Response | Promise<Response>) => async (c: Context) => {
    try {
      return await fn(c);
    } catch (e) {
      if (e instanceof ControlError) return c.json({ error: e.message }, e.status);
      if (e instanceof z.ZodError)
        return c.json({ error: 'invalid request', issues: e.issues }, 400);
      throw e;
    }
  };
  const body = async (c: Context): Promise<unknown> => {
    const text = await c.req.text();
    return text ? (JSON.parse(text) as unknown) : {};
  };

  app.get('/_sim/state', (c) => {
    const t = sim.tenant;
    return c.json({
      options: sim.options,
      tenant: { id: t.id, displayName: t.displayName, domain: t.domain },
      consented: [...sim.consented],
      faults: sim.faults.list(),
      requests: sim.log.last,
    });
  });
  app.post('/_sim/reset', (c) => {
    sim.reset();
    return c.json({ ok: true });
  });

  // tenant overview, so tests can find ids without Graph calls
  app.get('/_sim/tenant', (c) => {
    const t = sim.tenant;
    t.materialiseGroupSites();
    return c.json({
      id: t.id,
      users: t.users
        .filter((u) => !u.deleted)
        .map((u) => ({
          id: u.id,
          userPrincipalName: u.userPrincipalName,
          displayName: u.displayName,
          mailboxKind: u.mailboxKind,
          licensed: u.licensed,
          accountEnabled: u.accountEnabled,
        })),
      groups: t.groups
        .filter((g) => !g.deleted)
        .map((g) => ({ id: g.id, displayName: g.displayName, isTeam: g.isTeam })),
      sites: t.sites
        .filter((s) => !s.deleted)
        .map((s) => ({
          id: s.id,
          name: s.name,
          webUrl: s.webUrl,
          lists: s.lists.map((l) => ({
            id: l.id,
            displayName: l.displayName,
            template: l.template,
          })),
        })),
    });
  });

  // faults
  app.get('/_sim/faults', (c) => c.json({ faults: sim.faults.list() }));
  app.post(
    '/_sim/faults',
    guard(async (c) => {
      const rule = sim.faults.add(FaultRuleInput.parse(await body(c)));
      return c.json({ id: rule.id }, 201);
    }),
  );
  app.get('/_sim/faults/:id', (c) => {
    const f = sim.faults.list().find((x) => x.id === c.req.param('id'));
    return f ? c.json(f) : c.json({ error: 'no such fault' }, 404);
  });
  app.post('/_sim/faults/:id/release', (c) => {
    const f = sim.faults.get(c.req.param('id'));
    if (!f) return c.json({ error: 'no such fault' }, 404);
    sim.faults.release(f);
    return c.json({ ok: true });
  });
  app.delete('/_sim/faults/:id', (c) =>
    sim.faults.remove(c.req.param('id'))
      ? c.json({ ok: true })
      : c.json({ error: 'no such fault' }, 404),
  );
  app.delete('/_sim/faults', (c) => {
    sim.faults.clear();
    return c.json({ ok: true });
  });
  app.post('/_sim/tokens/expire', (c) => {
    sim.expireTokens();
    return c.json({ ok: true });
  });
  app.post(
    '/_sim/consent',
    guard(async (c) => {
      const b = z
        .object({
          clientId: z.string().optional(),
          granted: z.boolean(),
          decision: z.enum(['accept', 'decline']).optional(),
        })
        .parse(await body(c));
      const id = b.clientId ?? [...sim.apps.keys()][0] ?? '';
      if (b.granted) sim.grantConsent(id);
      else sim.revokeConsent(id);
      if (b.decision) sim.consentDecision = b.decision;
      return c.json({ consented: [...sim.consented] });
    }),
  );
  app.post(
    '/_sim/delta/reset',
    guard(async (c) => {
      const b = z
        .object({
          mailbox: z.string().optional(),
          drive: z.string().optional(),
          directory: z.boolean().optional(),
          all: z.boolean().optional(),
        })
        .parse(await body(c));
      const t = sim.tenant;
      if (b.mailbox || b.all) {
        const boxes = b.mailbox
          ? [mailboxFor(sim, b.mailbox)]
          : t.users.map((u) => t.mailbox(u)).filter((x): x is Mailbox => !!x);
        for (const mb of boxes) {
          mb.messages.epoch++;
          mb.folders.epoch++;
          mb.contacts.contacts.epoch++;
          mb.calendar.events.epoch++;
          mb.todo.tasks.epoch++;
          mb.todo.lists.epoch++;
        }
      }
      if (b.drive) driveFor(sim, b.drive).items.epoch++;
      if (b.all) {
        for (const u of t.users) {
          const d = t.userDrive(u);
          if (d) d.items.epoch++;
        }
        for (const s of t.sites)
          for (const l of s.lists) {
            l.items.epoch++;
            if (l.drive) l.drive.items.epoch++;
          }
        for (const team of t.teams.values()) for (const ch of team.channels) ch.messages.epoch++;
      }
      if (b.directory || b.all) t.dirEpoch++;
      return c.json({ ok: true });
    }),
  );
  app.post(
    '/_sim/throttling',
    guard(async (c) => {
      const b = z.object({ enabled: z.boolean() }).parse(await body(c));
      sim.throttle.enabled = b.enabled;
      if (!b.enabled) sim.throttle.reset();
      return c.json({ enabled: sim.throttle.enabled });
    }),
  );
  // the throttling clock (manual mode: windows move only when advanced)
  app.get('/_sim/clock', (c) => c.json({ manual: sim.clock.manual, now: sim.clock.now() }));
  app.post(
    '/_sim/clock',
    guard(async (c) => {
      const b = z
        .object({ manual: z.boolean().optional(), advanceMs: z.number().min(0).optional() })
        .parse(await body(c));
      if (b.manual !== undefined) sim.clock.setManual(b.manual);
      if (b.advanceMs) sim.clock.advance(b.advanceMs);
      return c.json({ manual: sim.clock.manual, now: sim.clock.now() });
    }),
  );
  app.get('/_sim/throttling', (c) =>
    c.json({ enabled: sim.throttle.enabled, limits: sim.throttle.limits }),
  );

  // mutations
  app.post(
    '/_sim/mutate',
    guard(async (c) => {
      const raw = await body(c);
      const list = Array.isArray(raw) ? raw : [raw];
      const results = list.map((m) => applyMutation(sim, Mutation.parse(m)));
      return c.json(Array.isArray(raw) ? { results } : (results[0] ?? {}));
    }),
  );

  // request log
  app.get('/_sim/requests', (c) => {
    const since = Number(c.req.query('since') ?? 0);
    return c.json({ last: sim.log.last, entries: sim.log.since(since) });
  });
  app.get('/_sim/requests/summary', (c) => c.json(sim.log.summary()));
  app.delete('/_sim/requests', (c) => {
    sim.log.clear();
    return c.json({ ok: true });
  });

  // ground truth
  app.get(
    '/_sim/digest/mailbox/:user',
    guard((c) => {
      const folder = c.req.query('folder');
      return c.json(
        mailboxDigest(mailboxFor(sim, c.req.param('user') ?? ''), folder ? { folder } : {}),
      );
    }),
  );
  app.get(
    '/_sim/digest/drive/:drive',
    guard((c) => {
      const under = c.req.query('under');
      return c.json(
        driveDigest(driveFor(sim, c.req.param('drive') ?? ''), {
          ...(under ? { under } : {}),
          versions: c.req.query('versions') === 'true',
        }),
      );
    }),
  );
  app.get(
    '/_sim/digest/site/:site',
    guard((c) =>
      c.json(siteDigest(sim.tenant, need(sim.tenant.site(c.req.param('site') ?? ''), 'site'))),
    ),
  );
  app.get(
    '/_sim/digest/list/:site/:list',
    guard((c) => {
      const site = need(sim.tenant.site(c.req.param('site') ?? ''), 'site');
      const list = need(
        site.lists.find((l) => l.id === (c.req.param('list') ?? '')),
        'list',
      );
      return c.json(listDigest(list));
    }),
  );
  app.get(
    '/_sim/digest/team/:group',
    guard((c) =>
      c.json(teamDigest(sim.tenant, need(sim.tenant.group(c.req.param('group') ?? ''), 'team'))),
    ),
  );
  app.get(
    '/_sim/digest/group/:group',
    guard((c) =>
      c.json(groupDigest(sim.tenant, need(sim.tenant.group(c.req.param('group') ?? ''), 'group'))),
    ),
  );
}
