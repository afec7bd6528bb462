/**
 * The simulated company: directory, mailboxes, personal data, drives, sites, teams and
 * group conversations. Everything is derived from the seed (see seed/); heavy content (message
 * bodies, MIME, file bytes) is generated on demand and never stored unless a client
 * writes it. This class owns the stores and looks objects up; the seeders build them.
 */
import {
  DEMO_COMPANY_NAME,
  DEMO_TENANT_DOMAIN,
  DEMO_TENANT_ID,
  DEMO_VANITY_DOMAIN,
} from './app-registration.ts';
import { Drive } from './drive.ts';
import { Mailbox } from './mailbox.ts';
import type { Group, TenantOptions, User } from './model/directory.ts';
import type { Site, SpList } from './model/sites.ts';
import type { Channel, GroupContent, Team } from './model/teams-and-groups.ts';
import { guidOf } from './random.ts';
import { populateDrive } from './seed/drives.ts';
import { seedGroupContent } from './seed/group-conversations.ts';
import { newGroup, seedGroups } from './seed/groups.ts';
import { addCustomList, makeSite, seedSites } from './seed/sites.ts';
import { makeChannel, seedTeam } from './seed/teams.ts';
import { seedUsers } from './seed/users.ts';
import { SeqClock } from './store.ts';

export { touchDirectory, setMembership } from './directory-changes.ts';
export { Drive } from './drive.ts';
export { Mailbox } from './mailbox.ts';
export type * from './model/directory.ts';
export type * from './model/drive-items.ts';
export type * from './model/mailbox-data.ts';
export type * from './model/sites.ts';
export type * from './model/teams-and-groups.ts';
export { fileData, populateDrive } from './seed/drives.ts';
export { makeEvent } from './seed/events.ts';
export { FOLDER_SPECS, type MailboxFolderSpec } from './seed/mail-folders.ts';
export type { MessageShape } from './seed/messages.ts';
export { tinyPng } from './seed/tiny-png.ts';
export { DAY, WORLD_EPOCH, addr, escapeHtml, isoAt } from './world.ts';

export class Tenant {
  readonly id = DEMO_TENANT_ID;
  readonly displayName = DEMO_COMPANY_NAME;
  readonly domain = DEMO_VANITY_DOMAIN;
  readonly initialDomain = DEMO_TENANT_DOMAIN;
  readonly seed: number;
  readonly users: User[] = [];
  readonly groups: Group[] = [];
  readonly sites: Site[] = [];
  readonly teams = new Map<string, Team>();
  readonly dirClock = new SeqClock();
  private readonly mailboxes = new Map<string, Mailbox>();
  private writes = 0;
  private readonly drives = new Map<string, Drive>();
  private readonly userDrives = new Map<string, Drive>();
  private readonly groupContent = new Map<string, GroupContent>();
  private driveScope = 0;
  dirEpoch = 1;

  /** A fresh number per client write: the seeded root of created ids and change keys. */
  nextWrite(): number {
    return ++this.writes;
  }

  constructor(readonly options: TenantOptions) {
    this.seed = options.seed;
    seedUsers(this);
    seedGroups(this);
    seedSites(this);
  }

  // ---------------------------------------------------------------- lookups

  user(ref: string): User | undefined {
    const lower = ref.toLowerCase();
    return this.users.find(
      (u) =>
        !u.deleted &&
        (u.id === lower ||
          u.userPrincipalName.toLowerCase() === lower ||
          u.mail?.toLowerCase() === lower),
    );
  }

  group(id: string): Group | undefined {
    return this.groups.find((g) => !g.deleted && g.id === id.toLowerCase());
  }

  mailbox(u: User): Mailbox | undefined {
    if (u.mailboxKind === 'none') return undefined;
    let m = this.mailboxes.get(u.id);
    if (!m) {
      m = new Mailbox(
        this,
        u,
        u.mailboxKind === 'user'
          ? this.options.messagesPerMailbox
          : Math.min(20, this.options.messagesPerMailbox),
      );
      this.mailboxes.set(u.id, m);
    }
    return m;
  }

  mailboxByScope(scope: number): Mailbox | undefined {
    const u = this.users[scope];
    return u ? this.mailbox(u) : undefined;
  }

  newDrive(
    name: string,
    type: 'personal' | 'documentLibrary',
    owner: { kind: 'user' | 'group' | 'site'; id: string; displayName: string },
    webUrl: string,
  ): Drive {
    const scope = ++this.driveScope;
    const id =
      'b!' +
      Buffer.from(guidOf(this.seed, 'drive', scope).replace(/-/g, ''), 'hex').toString(
        'base64url',
      ) +
      Buffer.from(guidOf(this.seed, 'drive2', scope).replace(/-/g, ''), 'hex').toString(
        'base64url',
      );
    const d = new Drive(scope, id, name, type, owner, webUrl);
    this.drives.set(id, d);
    return d;
  }

  drive(id: string): Drive | undefined {
    return this.drives.get(id);
  }

  driveByScope(scope: number): Drive | undefined {
    for (const d of this.drives.values()) if (d.scope === scope) return d;
    return undefined;
  }

  userDrive(u: User): Drive | undefined {
    if (!u.hasDrive) return undefined;
    let d = this.userDrives.get(u.id);
    if (!d) {
      d = this.newDrive(
        'OneDrive',
        'personal',
        { kind: 'user', id: u.id, displayName: u.displayName },
        `https://larkspur-my.sharepoint.com/personal/${u.mailNickname.replace(/\./g, '_')}_larkspur_example/Documents`,
      );
      populateDrive(this, d, `user${u.index}`, u.index === 0);
      this.userDrives.set(u.id, d);
    }
    return d;
  }

  groupContentOf(g: Group): GroupContent {
    let c = this.groupContent.get(g.id);
    if (!c) {
      c = seedGroupContent(this, g);
      this.groupContent.set(g.id, c);
    }
    return c;
  }

  // ---------------------------------------------------------------- sites

  addCustomList(site: Site, name: string, rows: number): SpList {
    return addCustomList(this, site, name, rows);
  }

  addSite(name: string, displayName: string): Site {
    return makeSite(this, name, displayName, `/sites/${name}`, null);
  }

  addGroup(displayName: string, isTeam: boolean): Group {
    return newGroup(this, displayName, isTeam);
  }

  siteForGroup(g: Group): Site {
    const existing = this.sites.find((s) => s.groupId === g.id);
    if (existing) return existing;
    return makeSite(this, g.mailNickname, g.displayName, `/sites/${g.mailNickname}`, null, g.id);
  }

  site(id: string): Site | undefined {
    const lower = id.toLowerCase();
    if (lower === 'root') return this.sites.find((s) => s.isRoot);
    return this.sites.find(
      (s) =>
        !s.deleted &&
        (s.id.toLowerCase() === lower ||
          s.collectionId === lower ||
          `larkspur.sharepoint.com,${s.collectionId}` === lower),
    );
  }

  /** Ensures group/team sites exist (they are listed by getAllSites). */
  materialiseGroupSites(): void {
    for (const g of this.groups) if (!g.deleted) this.siteForGroup(g);
  }

  // ---------------------------------------------------------------- teams

  team(groupId: string): Team | undefined {
    const g = this.group(groupId);
    if (!g || !g.isTeam) return undefined;
    let t = this.teams.get(g.id);
    if (!t) {
      t = seedTeam(this, g);
      this.teams.set(g.id, t);
    }
    return t;
  }

  makeChannel(
    g: Group,
    name: string,
    type: 'standard' | 'private',
    ci: number,
    drive: Drive,
  ): Channel {
    return makeChannel(this, g, name, type, ci, drive);
  }
}
