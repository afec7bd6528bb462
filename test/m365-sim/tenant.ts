/**
 * The simulated company: directory, mailboxes, personal data, drives, sites, teams and
 * group conversations. Everything is derived from the seed; heavy content (message
 * bodies, MIME, file bytes) is generated on demand and never stored unless a client
 * writes it.
 */
import {
  DEMO_COMPANY_NAME,
  DEMO_TENANT_DOMAIN,
  DEMO_TENANT_ID,
  DEMO_VANITY_DOMAIN,
} from './app-registration.ts';
import { deflateSync } from 'node:zlib';
import type { Address } from './mime.ts';
import { Rng, guidOf, hash32 } from './random.ts';
import { ItemStore, SeqClock, type BaseSource } from './store.ts';

export interface TenantOptions {
  seed: number;
  users: number;
  messagesPerMailbox: number;
}

// ------------------------------------------------------------------ directory

export interface User {
  index: number;
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string;
  accountEnabled: boolean;
  ageGroup: string | null;
  city: string | null;
  companyName: string | null;
  country: string | null;
  department: string | null;
  jobTitle: string | null;
  officeLocation: string | null;
  usageLocation: string | null;
  createdDateTime: string;
  licensed: boolean;
  /** 'user' | 'shared' | 'publicFolder' | 'none' (no Exchange mailbox). */
  mailboxKind: 'user' | 'shared' | 'publicFolder' | 'none';
  hasDrive: boolean;
  deleted: boolean;
  changeSeq: number;
  /** What changed when (for `$select`-scoped delta); '*' is a creation or deletion. */
  changes?: DirectoryChange[];
}

export interface DirectoryChange {
  seq: number;
  props: string[] | '*';
}

/** A membership change of a group (for `members@delta`). */
export interface MemberChange {
  seq: number;
  id: string;
  removed: boolean;
}

export interface Group {
  index: number;
  id: string;
  displayName: string;
  description: string;
  mailNickname: string;
  mail: string;
  visibility: 'Public' | 'Private';
  createdDateTime: string;
  isTeam: boolean;
  members: string[];
  owners: string[];
  deleted: boolean;
  changeSeq: number;
  changes?: DirectoryChange[];
  memberLog?: MemberChange[];
}

const FIRST = [
  'Adele',
  'Bjørn',
  'Chloé',
  'Dmitri',
  'Émilie',
  'Farah',
  'Gustav',
  'Hiroko',
  'Ines',
  'Jonas',
  'Katarzyna',
  'Luis',
  'Mei',
  'Noé',
  'Olusegun',
  'Priya',
  'Quentin',
  'Renée',
  'Søren',
  'Tomás',
  'Uma',
  'Valérie',
  'Wojciech',
  'Xiadani',
  'Yusuf',
  'Zoë',
  'Amélie',
  'Björk',
  'Çağla',
  'Đorđe',
];
const LAST = [
  'Andersen',
  'Brennan',
  'Castillo',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Horváth',
  'Ivanova',
  'Jørgensen',
  'Kowalski',
  'López',
  'Müller',
  'Nakamura',
  'O’Connor',
  'Petrović',
  'Quispe',
  'Rossi',
  'Schäfer',
  'Tanaka',
  'Umarov',
  'Van Dijk',
  'Wójcik',
  'Xu',
  'Yılmaz',
  'Zhang',
];
const DEPARTMENTS = [
  'Sales',
  'Finance',
  'Operations',
  'Engineering',
  'Legal',
  'Marketing',
  'Human Resources',
  'Support',
];
const TITLES = [
  'Manager',
  'Analyst',
  'Engineer',
  'Coordinator',
  'Director',
  'Specialist',
  'Consultant',
  'Associate',
];
const CITIES: [string, string, string][] = [
  ['Seattle', 'United States', 'US'],
  ['Toronto', 'Canada', 'CA'],
  ['Dublin', 'Ireland', 'IE'],
  ['München', 'Germany', 'DE'],
  ['Paris', 'France', 'FR'],
  ['London', 'United Kingdom', 'GB'],
  ['Sydney', 'Australia', 'AU'],
  ['Tōkyō', 'Japan', 'JP'],
];
const GROUPS: { name: string; team: boolean; visibility: 'Public' | 'Private' }[] = [
  { name: 'All Company', team: true, visibility: 'Public' },
  { name: 'Finance Team', team: true, visibility: 'Private' },
  { name: 'Project Ørsted', team: true, visibility: 'Private' },
  { name: 'Sales Europe', team: false, visibility: 'Public' },
  { name: 'Engineering', team: true, visibility: 'Public' },
  { name: 'Social Club', team: false, visibility: 'Public' },
];

function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ß/g, 'ss')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

/** Fixed epoch of the simulated world: content dates are placed before it. */
export const WORLD_EPOCH = Date.UTC(2025, 5, 30, 12, 0, 0);

// ------------------------------------------------------------------ mail

export interface AttachmentData {
  key: number;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId?: string;
  /** Generated content: position-addressed bytes for this seed. */
  seed?: number;
  content?: Buffer;
  lastModifiedDateTime: string;
  /** An Outlook item attached to the message (an itemAttachment) instead of a file. */
  item?: ItemAttachmentData;
}

/** The item of an itemAttachment: a whole message, or an event or contact as Graph JSON. */
export type ItemAttachmentData =
  | { type: 'message'; message: MessageData }
  | { type: 'event' | 'contact'; json: Record<string, unknown> };

export interface MessageData {
  subject: string;
  bodyType: 'text' | 'html';
  bodyText: string;
  bodyHtml?: string;
  from: Address;
  sender: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  sentDateTime: string;
  receivedDateTime: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  internetMessageId: string;
  conversationId: string;
  inReplyTo?: string;
  references?: string[];
  importance: 'low' | 'normal' | 'high';
  isRead: boolean;
  isDraft: boolean;
  flagStatus: 'notFlagged' | 'flagged' | 'complete';
  categories: string[];
  inferenceClassification: 'focused' | 'other';
  attachments: AttachmentData[];
  /** Internet headers set by the client on create (x- headers only). */
  extraHeaders: { name: string; value: string }[];
  /** singleValueExtendedProperties by normalised id ("integer 0x0e07"). */
  extended: Record<string, { id: string; value: string }>;
  /** MIME exactly as uploaded (created from MIME or replaced through $value). */
  mime?: Buffer;
  /** Generated messages remember their generator index (content derived on demand). */
  genIndex?: number;
  changeKey: string;
}

export interface FolderData {
  displayName: string;
  /** key of the parent folder, or -1 for the top of the information store. */
  parentKey: number;
  wellKnownName?: string;
  isHidden: boolean;
  /** The Recoverable Items folders sit outside msgfolderroot and are not listed. */
  outsideRoot?: boolean;
}

export interface ContactData {
  givenName: string;
  surname: string;
  displayName: string;
  emailAddresses: Address[];
  businessPhones: string[];
  mobilePhone: string | null;
  companyName: string | null;
  jobTitle: string | null;
  birthday: string | null;
  personalNotes: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
}

export interface ContactFolderData {
  displayName: string;
  parentKey: number;
}

export interface CalendarData {
  name: string;
  color: string;
  isDefault: boolean;
}

export interface EventData {
  subject: string;
  bodyHtml: string;
  start: string;
  end: string;
  timeZone: string;
  isAllDay: boolean;
  location: string;
  attendees: { address: Address; type: 'required' | 'optional' }[];
  organizer: Address;
  recurrence: null | {
    pattern: {
      type: 'weekly' | 'daily' | 'absoluteMonthly';
      interval: number;
      daysOfWeek?: string[];
      dayOfMonth?: number;
      firstDayOfWeek?: string;
    };
    range: {
      type: 'endDate' | 'noEnd' | 'numbered';
      startDate: string;
      endDate?: string;
      numberOfOccurrences?: number;
      recurrenceTimeZone: string;
    };
  };
  showAs: 'busy' | 'free' | 'tentative' | 'oof';
  importance: 'low' | 'normal' | 'high';
  sensitivity: 'normal' | 'private';
  isOnlineMeeting: boolean;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  iCalUId: string;
}

export interface TodoListData {
  displayName: string;
  wellknownListName: 'defaultList' | 'flaggedEmails' | 'none';
  isOwner: boolean;
  isShared: boolean;
}

export interface TaskData {
  title: string;
  body: string;
  importance: 'low' | 'normal' | 'high';
  status: 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';
  dueDateTime: string | null;
  completedDateTime: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  categories: string[];
  checklist: { id: string; displayName: string; isChecked: boolean }[];
}

// ------------------------------------------------------------------ files

export interface FileContent {
  size: number;
  seed?: number;
  bytes?: Buffer;
}

export interface DriveItemVersion {
  id: string;
  lastModifiedDateTime: string;
  content: FileContent;
}

export interface DriveItemData {
  name: string;
  parentKey: number; // -1 for root
  folder: boolean;
  mimeType?: string;
  content?: FileContent;
  versions: DriveItemVersion[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: string;
  eTagVersion: number;
  cTagVersion: number;
}

export class Drive {
  readonly clock = new SeqClock();
  readonly items: ItemStore<DriveItemData>;
  readonly rootKey: number;
  constructor(
    readonly scope: number,
    readonly id: string,
    readonly name: string,
    readonly driveType: 'personal' | 'documentLibrary',
    readonly owner: { kind: 'user' | 'group' | 'site'; id: string; displayName: string },
    readonly webUrl: string,
  ) {
    this.items = new ItemStore<DriveItemData>(this.clock);
    this.rootKey = this.items.seed('', {
      name: 'root',
      parentKey: -1,
      folder: true,
      versions: [],
      createdDateTime: isoAt(WORLD_EPOCH - 400 * DAY),
      lastModifiedDateTime: isoAt(WORLD_EPOCH - 400 * DAY),
      createdBy: owner.displayName,
      eTagVersion: 1,
      cTagVersion: 1,
    }).key;
  }
  childByName(parentKey: number, name: string): number | undefined {
    const lower = name.toLowerCase();
    return this.items
      .all(null)
      .find((i) => i.data.parentKey === parentKey && i.data.name.toLowerCase() === lower)?.key;
  }
  usedBytes(): number {
    let n = 0;
    for (const it of this.items.all(null)) n += it.data.content?.size ?? 0;
    return n;
  }
}

// ------------------------------------------------------------------ sites

export interface ListItemData {
  fields: Record<string, string | number | boolean>;
  createdDateTime: string;
  lastModifiedDateTime: string;
  eTagVersion: number;
}

export interface SpList {
  id: string;
  name: string;
  displayName: string;
  template: 'genericList' | 'documentLibrary';
  columns: {
    name: string;
    type: 'text' | 'number' | 'boolean' | 'dateTime' | 'choice';
    choices?: string[];
  }[];
  items: ItemStore<ListItemData>;
  clock: SeqClock;
  drive?: Drive;
  createdDateTime: string;
}

export interface Site {
  index: number;
  id: string; // hostname,siteCollectionId,webId
  collectionId: string;
  webId: string;
  name: string;
  displayName: string;
  webUrl: string;
  parentIndex: number | null;
  groupId?: string;
  isRoot: boolean;
  lists: SpList[];
  createdDateTime: string;
  deleted: boolean;
}

// ------------------------------------------------------------------ teams

export interface ChatMessageData {
  from: { id: string; displayName: string };
  bodyHtml: string;
  subject: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  deletedDateTime: string | null;
  replyToKey: number | null;
  mentions: { id: number; mentionText: string; userId: string; displayName: string }[];
  reactions: { reactionType: string; createdDateTime: string; userId: string }[];
  importance: 'normal' | 'high' | 'urgent';
  /** Millisecond-epoch id as Teams assigns them. */
  msgId: string;
}

export interface Channel {
  id: string;
  displayName: string;
  description: string;
  membershipType: 'standard' | 'private';
  createdDateTime: string;
  email: string;
  messages: ItemStore<ChatMessageData>;
  clock: SeqClock;
  filesFolderKey?: number;
  driveOfChannel?: Drive;
  deleted: boolean;
  members: string[];
}

export interface Team {
  groupId: string;
  channels: Channel[];
  createdDateTime: string;
  deleted: boolean;
}

export interface PostData {
  from: Address;
  bodyHtml: string;
  receivedDateTime: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
}

export interface ThreadData {
  topic: string;
  posts: ItemStore<PostData>;
  lastDeliveredDateTime: string;
}

export interface ConversationData {
  topic: string;
  threadKeys: number[];
}

export interface GroupContent {
  clock: SeqClock;
  conversations: ItemStore<ConversationData>;
  threads: ItemStore<ThreadData>;
  calendar: { clock: SeqClock; events: ItemStore<EventData> };
  drive: Drive;
  site: Site;
}

export const DAY = 86_400_000;

export function isoAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function addr(u: User): Address {
  return { name: u.displayName, address: u.mail ?? u.userPrincipalName };
}

const EXTERNAL: Address[] = [
  { name: 'Northwind Freight Billing', address: 'billing@northwind-freight.example' },
  { name: 'Jean-Luc Ménard', address: 'jl.menard@fournisseur.example' },
  { name: 'Tanaka Hiroshi (田中 博)', address: 'h.tanaka@kaisha.example' },
  { name: 'Newsletter — Port Authority', address: 'news@port-authority.example' },
  { name: 'Ana Müller-Lüdenscheidt', address: 'ana@lieferant.example' },
  { name: 'IT Service Desk', address: 'servicedesk@larkspur.example' },
];

export interface MailboxFolderSpec {
  name: string;
  wellKnown?: string;
  parent?: string;
  hidden?: boolean;
  outsideRoot?: boolean;
  weight: number;
}

export const FOLDER_SPECS: MailboxFolderSpec[] = [
  { name: 'Top of Information Store', wellKnown: 'msgfolderroot', weight: 0 },
  { name: 'Inbox', wellKnown: 'inbox', parent: 'msgfolderroot', weight: 40 },
  { name: 'Projects', parent: 'inbox', weight: 8 },
  { name: 'Receipts', parent: 'inbox', weight: 5 },
  { name: '2024', parent: 'Receipts', weight: 3 },
  { name: 'Newsletters', parent: 'inbox', weight: 6 },
  { name: 'Sent Items', wellKnown: 'sentitems', parent: 'msgfolderroot', weight: 18 },
  { name: 'Drafts', wellKnown: 'drafts', parent: 'msgfolderroot', weight: 2 },
  { name: 'Deleted Items', wellKnown: 'deleteditems', parent: 'msgfolderroot', weight: 5 },
  { name: 'Archive', wellKnown: 'archive', parent: 'msgfolderroot', weight: 8 },
  { name: 'Junk Email', wellKnown: 'junkemail', parent: 'msgfolderroot', weight: 2 },
  { name: 'Outbox', wellKnown: 'outbox', parent: 'msgfolderroot', weight: 0 },
  {
    name: 'Conversation History',
    wellKnown: 'conversationhistory',
    parent: 'msgfolderroot',
    weight: 1,
  },
  { name: 'Notes', parent: 'msgfolderroot', weight: 0 },
  { name: 'Sync Issues', wellKnown: 'syncissues', parent: 'msgfolderroot', weight: 0 },
  { name: 'Conflicts', wellKnown: 'conflicts', parent: 'syncissues', weight: 0 },
  { name: 'Local Failures', wellKnown: 'localfailures', parent: 'syncissues', weight: 0 },
  { name: 'Server Failures', wellKnown: 'serverfailures', parent: 'syncissues', weight: 0 },
  { name: 'Social Activity Notifications', parent: 'msgfolderroot', hidden: true, weight: 1 },
  {
    name: 'Recoverable Items',
    wellKnown: 'recoverableitemsroot',
    outsideRoot: true,
    hidden: true,
    weight: 0,
  },
  {
    name: 'Deletions',
    wellKnown: 'recoverableitemsdeletions',
    parent: 'recoverableitemsroot',
    outsideRoot: true,
    hidden: true,
    weight: 2,
  },
];

const TOPICS = [
  'Q3 freight forecast',
  'Invoice 4471 — overdue',
  'Warehouse Ørestad lease renewal',
  'Réunion fournisseurs à Lyon',
  'Weekly shipping report',
  'Customs paperwork for container MSCU 448812',
  'Team offsite 🚀 agenda',
  'Contract review: Münchner Spedition GmbH',
  '出荷スケジュールの確認',
  'Password expiry notice',
  'Budget 2026 draft',
  'Driver safety training',
];

const CATEGORIES = ['Red category', 'Blue category', 'Green category', 'Follow up', 'Clients'];

export interface MessageShape {
  kind: 'plain' | 'html' | 'alternative' | 'related' | 'mixed';
  attachments: { name: string; contentType: string; size: number; inline: boolean; seed: number }[];
}

export class Mailbox {
  readonly clock = new SeqClock();
  readonly folders: ItemStore<FolderData>;
  readonly messages: ItemStore<MessageData>;
  readonly folderByWellKnown = new Map<string, number>();
  private readonly weighted: number[] = [];
  private readonly baseCount: number;
  private readonly outgoingFolders = new Set<number>();
  private contactsState?: {
    folders: ItemStore<ContactFolderData>;
    contacts: ItemStore<ContactData>;
    defaultFolder: number;
  };
  private calendarState?: {
    calendars: ItemStore<CalendarData>;
    events: ItemStore<EventData>;
    defaultCalendar: number;
  };
  private todoState?: { lists: ItemStore<TodoListData>; tasks: ItemStore<TaskData> };

  constructor(
    readonly tenant: Tenant,
    readonly user: User,
    messageCount: number,
  ) {
    this.folders = new ItemStore<FolderData>(this.clock);
    const byName = new Map<string, number>();
    for (const spec of FOLDER_SPECS) {
      const parentRef = spec.parent;
      const parentKey =
        parentRef === undefined
          ? -1
          : (this.folderByWellKnown.get(parentRef) ?? byName.get(parentRef) ?? -1);
      const item = this.folders.seed('', {
        displayName: spec.name,
        parentKey,
        isHidden: spec.hidden ?? false,
        ...(spec.wellKnown ? { wellKnownName: spec.wellKnown } : {}),
        ...(spec.outsideRoot ? { outsideRoot: true } : {}),
      });
      byName.set(spec.name, item.key);
      if (spec.wellKnown) this.folderByWellKnown.set(spec.wellKnown, item.key);
      for (let w = 0; w < spec.weight; w++) this.weighted.push(item.key);
      if (spec.wellKnown === 'sentitems' || spec.wellKnown === 'drafts')
        this.outgoingFolders.add(item.key);
    }
    const count = user.mailboxKind === 'publicFolder' ? 0 : messageCount;
    this.baseCount = count;
    const base: BaseSource<MessageData> = {
      count,
      containerOf: (i) => this.baseFolderKey(i).toString(),
      make: (i) => this.generateMessage(i),
    };
    this.messages = new ItemStore<MessageData>(this.clock, base);
  }

  get scope(): number {
    return this.user.index;
  }

  baseFolderKey(i: number): number {
    const h = hash32(this.tenant.seed, this.user.index, 'folder', i);
    return this.weighted[h % this.weighted.length] ?? 1;
  }

  /**
   * When generated message i arrived: spread over two years, with jitter from its own hash so
   * lists can be ordered by receivedDateTime without generating the messages.
   */
  baseReceivedMs(i: number): number {
    const span = 730 * DAY;
    return (
      WORLD_EPOCH -
      span +
      Math.floor((i / Math.max(this.baseCount, 1)) * span) +
      (hash32(this.tenant.seed, this.user.index, 'when', i) % 3_600_000)
    );
  }

  /** Recently computed message lists (ordered keys), valid while the mailbox is unchanged. */
  readonly listCache = new Map<string, { version: number; keys: number[] }>();

  baseIsRead(i: number): boolean {
    return hash32(this.tenant.seed, this.user.index, 'read', i) % 10 < 7;
  }

  shapeOf(i: number): MessageShape {
    const r = Rng.of(this.tenant.seed, this.user.index, 'shape', i);
    const roll = r.next();
    const kind: MessageShape['kind'] =
      roll < 0.2
        ? 'plain'
        : roll < 0.3
          ? 'html'
          : roll < 0.75
            ? 'alternative'
            : roll < 0.85
              ? 'related'
              : 'mixed';
    const attachments: MessageShape['attachments'] = [];
    if (kind === 'related') {
      attachments.push({
        name: 'logo.png',
        contentType: 'image/png',
        size: 0,
        inline: true,
        seed: hash32(i, 'png'),
      });
    }
    if (kind === 'mixed') {
      const n = r.int(1, 2);
      for (let a = 0; a < n; a++) {
        const big = r.chance(0.04);
        const size = big ? r.int(2_000_000, 6_000_000) : r.int(2_000, 180_000);
        const pick = r.int(0, 3);
        const [name, ct] =
          pick === 0
            ? [`Rechnung-${i}-${a}.pdf`, 'application/pdf']
            : pick === 1
              ? [
                  `shipment_${i}_${a}.xlsx`,
                  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                ]
              : pick === 2
                ? [`photo-${i}-${a}.jpg`, 'image/jpeg']
                : [`notes-ü-${i}.txt`, 'text/plain'];
        attachments.push({
          name,
          contentType: ct,
          size,
          inline: false,
          seed: hash32(this.tenant.seed, this.user.index, i, a),
        });
      }
    }
    return { kind, attachments };
  }

  private generateMessage(i: number): MessageData {
    const t = this.tenant;
    const r = Rng.of(t.seed, this.user.index, 'msg', i);
    const folderKey = this.baseFolderKey(i);
    const outgoing = this.outgoingFolders.has(folderKey);
    const drafts = folderKey === this.folderByWellKnown.get('drafts');
    const me = addr(this.user);
    const colleague = (): Address =>
      addr(t.users[r.int(0, Math.min(t.users.length, 25) - 1)] ?? this.user);
    const other: Address = r.chance(0.6) ? colleague() : r.pick(EXTERNAL);
    const from = outgoing ? me : other;
    const to = outgoing ? [other] : [me];
    const cc = r.chance(0.3) ? [colleague()] : [];
    const topicIdx = r.int(0, TOPICS.length - 1);
    const thread = r.int(0, 3);
    const isReply = thread > 0;
    const topic = TOPICS[topicIdx] ?? 'Hello';
    const subject = (isReply ? (r.chance(0.5) ? 'RE: ' : 'AW: ') : '') + topic;
    const when = this.baseReceivedMs(i);
    const sent = when - r.int(5_000, 600_000);
    const domain = this.user.mail?.split('@')[1] ?? DEMO_VANITY_DOMAIN;
    const msgId = `<${(hash32(t.seed, this.user.index, i) >>> 0).toString(36)}.${i}.${this.user.index}@${domain}>`;
    const threadRoot = `<thread-${topicIdx}-${this.user.index}@${domain}>`;
    const greeting = r.pick(['Hi', 'Hello', 'Bonjour', 'Hallo', 'Hej', 'こんにちは']);
    const lines = [
      `${greeting} ${to[0]?.name.split(' ')[0] ?? ''},`,
      '',
      `About "${topic}": ${r.pick(['please find the details below.', 'can we discuss this tomorrow?', 'the numbers are attached.', 'see my notes — ça va?', 'bitte um Rückmeldung bis Freitag.'])}`,
      `Reference ${r.int(10000, 99999)} / line ${i}.`,
      '',
      'Best regards,',
      from.name,
    ];
    const text = lines.join('\n');
    const shape = this.shapeOf(i);
    const html =
      shape.kind === 'plain'
        ? undefined
        : `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="ltr">${lines
            .map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '<br>'))
            .join(
              '',
            )}${shape.kind === 'related' ? '<p><img src="cid:logo-' + i + '@larkspur"></p>' : ''}</div></body></html>`;
    const created = isoAt(drafts ? when : when + 1000);
    const attachments: AttachmentData[] = shape.attachments.map((a, n) => ({
      key: n,
      name: a.name,
      contentType: a.contentType,
      size: a.inline ? tinyPng(a.seed).length : a.size,
      isInline: a.inline,
      ...(a.inline ? { contentId: `logo-${i}@larkspur` } : {}),
      seed: a.seed,
      ...(a.inline ? { content: tinyPng(a.seed) } : {}),
      lastModifiedDateTime: isoAt(sent),
    }));
    return {
      subject,
      bodyType: html ? 'html' : 'text',
      bodyText: text,
      ...(html ? { bodyHtml: html } : {}),
      from,
      sender: from,
      to,
      cc,
      bcc: [],
      replyTo: [],
      sentDateTime: isoAt(sent),
      receivedDateTime: isoAt(when),
      createdDateTime: created,
      lastModifiedDateTime: created,
      internetMessageId: msgId,
      conversationId: guidOf(t.seed, this.user.index, 'conv', topicIdx),
      ...(isReply ? { inReplyTo: threadRoot, references: [threadRoot] } : {}),
      importance: r.chance(0.1) ? 'high' : r.chance(0.05) ? 'low' : 'normal',
      isRead: outgoing || this.baseIsRead(i),
      isDraft: drafts,
      flagStatus: r.chance(0.08) ? 'flagged' : r.chance(0.04) ? 'complete' : 'notFlagged',
      categories: r.chance(0.15) ? [r.pick(CATEGORIES)] : [],
      inferenceClassification: r.chance(0.8) ? 'focused' : 'other',
      attachments,
      extraHeaders: [],
      extended: {},
      genIndex: i,
      changeKey: 'CQAAABYAAAB' + (hash32(i, this.user.index) >>> 0).toString(36).toUpperCase(),
    };
  }

  folderKeyByRef(ref: string, decode: (id: string) => number | null): number | undefined {
    const wk = this.folderByWellKnown.get(ref.toLowerCase());
    if (wk !== undefined) return wk;
    const key = decode(ref);
    if (key === null) return undefined;
    return this.folders.get(key) ? key : undefined;
  }

  get contacts(): NonNullable<Mailbox['contactsState']> {
    if (!this.contactsState) {
      const folders = new ItemStore<ContactFolderData>(this.clock);
      const contacts = new ItemStore<ContactData>(this.clock);
      const def = folders.seed('', { displayName: 'Contacts', parentKey: -1 });
      const suppliers = folders.seed('', { displayName: 'Suppliers', parentKey: def.key });
      const r = Rng.of(this.tenant.seed, this.user.index, 'contacts');
      const n = this.user.mailboxKind === 'user' ? 8 : 2;
      for (let i = 0; i < n; i++) {
        const given = r.pick(FIRST);
        const sur = r.pick(LAST);
        const ext = r.pick(EXTERNAL);
        const when = isoAt(WORLD_EPOCH - r.int(10, 600) * DAY);
        contacts.seed(String(i % 3 === 2 ? suppliers.key : def.key), {
          givenName: given,
          surname: sur,
          displayName: `${given} ${sur}`,
          emailAddresses: [
            {
              name: `${given} ${sur}`,
              address: `${asciiSlug(given)}.${asciiSlug(sur)}@${ext.address.split('@')[1]}`,
            },
          ],
          businessPhones: [`+1 555 01${String(r.int(10, 99))}`],
          mobilePhone: r.chance(0.5) ? `+44 7700 900${r.int(100, 999)}` : null,
          companyName: r.pick(['Northwind Freight', 'Fournisseur SA', 'Kaisha KK', null]),
          jobTitle: r.pick(['Buyer', 'Account manager', null]),
          birthday: r.chance(0.3)
            ? `19${r.int(60, 99)}-0${r.int(1, 9)}-1${r.int(0, 9)}T11:59:00Z`
            : null,
          personalNotes: r.chance(0.4)
            ? 'Met at the Rotterdam logistics fair — prefers e-mail.'
            : '',
          createdDateTime: when,
          lastModifiedDateTime: when,
          changeKey: 'EQAAABYAAAB' + i,
        });
      }
      this.contactsState = { folders, contacts, defaultFolder: def.key };
    }
    return this.contactsState;
  }

  get calendar(): NonNullable<Mailbox['calendarState']> {
    if (!this.calendarState) {
      const calendars = new ItemStore<CalendarData>(this.clock);
      const events = new ItemStore<EventData>(this.clock);
      const def = calendars.seed('', { name: 'Calendar', color: 'auto', isDefault: true });
      const holidays = calendars.seed('', {
        name: 'Team holidays',
        color: 'lightGreen',
        isDefault: false,
      });
      const n = this.user.mailboxKind === 'user' ? 8 : 1;
      for (let i = 0; i < n; i++) {
        events.seed(
          String(i === n - 1 && n > 1 ? holidays.key : def.key),
          makeEvent(this.tenant, addr(this.user), `u${this.user.index}`, i),
        );
      }
      this.calendarState = { calendars, events, defaultCalendar: def.key };
    }
    return this.calendarState;
  }

  get todo(): NonNullable<Mailbox['todoState']> {
    if (!this.todoState) {
      const lists = new ItemStore<TodoListData>(this.clock);
      const tasks = new ItemStore<TaskData>(this.clock);
      const def = lists.seed('', {
        displayName: 'Tasks',
        wellknownListName: 'defaultList',
        isOwner: true,
        isShared: false,
      });
      const flagged = lists.seed('', {
        displayName: 'Flagged email',
        wellknownListName: 'flaggedEmails',
        isOwner: true,
        isShared: false,
      });
      const groceries = lists.seed('', {
        displayName: 'Umzug / Déménagement',
        wellknownListName: 'none',
        isOwner: true,
        isShared: false,
      });
      const r = Rng.of(this.tenant.seed, this.user.index, 'todo');
      const titles = [
        'Renew forklift licence',
        'Send Q3 numbers to Émilie',
        'Book Lyon trip',
        'Review customs forms',
        'Kartons bestellen',
        'Call the notary',
      ];
      const n = this.user.mailboxKind === 'user' ? 6 : 0;
      for (let i = 0; i < n; i++) {
        const when = WORLD_EPOCH - r.int(1, 90) * DAY;
        const done = r.chance(0.3);
        tasks.seed(String(i < 3 ? def.key : i < 4 ? flagged.key : groceries.key), {
          title: titles[i % titles.length] ?? 'Task',
          body: r.chance(0.5) ? 'Details in the shared folder.' : '',
          importance: r.chance(0.2) ? 'high' : 'normal',
          status: done ? 'completed' : r.chance(0.3) ? 'inProgress' : 'notStarted',
          dueDateTime: r.chance(0.6) ? isoAt(when + 14 * DAY) : null,
          completedDateTime: done ? isoAt(when + 3 * DAY) : null,
          createdDateTime: isoAt(when),
          lastModifiedDateTime: isoAt(when),
          categories: [],
          checklist:
            i === 0
              ? [
                  {
                    id: guidOf('chk', this.user.index, i),
                    displayName: 'Scan certificate',
                    isChecked: false,
                  },
                ]
              : [],
        });
      }
      this.todoState = { lists, tasks };
    }
    return this.todoState;
  }
}

/** Records a directory change of a user or group: the next directory sequence number. */
export function touchDirectory(t: Tenant, obj: User | Group, props: string[] | '*'): number {
  const seq = t.dirClock.next();
  obj.changeSeq = seq;
  (obj.changes ??= []).push({ seq, props });
  return seq;
}

/** Adds or removes a group member, remembering the change for `members@delta`. */
export function setMembership(t: Tenant, g: Group, userId: string, add: boolean): boolean {
  const has = g.members.includes(userId);
  if (add === has) return false;
  g.members = add ? [...g.members, userId] : g.members.filter((m) => m !== userId);
  const seq = touchDirectory(t, g, ['members']);
  (g.memberLog ??= []).push({ seq, id: userId, removed: !add });
  return true;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function makeEvent(t: Tenant, organizer: Address, scopeTag: string, i: number): EventData {
  const r = Rng.of(t.seed, scopeTag, 'event', i);
  const dayOffset = r.int(-120, 60);
  const startMs = WORLD_EPOCH + dayOffset * DAY + r.int(8, 16) * 3_600_000 - 12 * 3_600_000;
  const start = new Date(startMs);
  const recurring = i % 4 === 1;
  const allDay = i % 7 === 3;
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const subjects = [
    'Weekly ops sync',
    'Kundentermin Hamburg',
    '1:1',
    'Quarterly review',
    'Déjeuner équipe',
    'Fire drill',
    'Vendor call',
  ];
  const attendees = t.users.slice(0, Math.min(3, t.users.length)).map((u, n) => ({
    address: addr(u),
    type: (n === 2 ? 'optional' : 'required') as 'required' | 'optional',
  }));
  const fmt = (d: Date) =>
    d
      .toISOString()
      .replace('Z', '')
      .replace(/\.\d+$/, '.0000000');
  const s = allDay
    ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()))
    : start;
  const e = allDay ? new Date(s.getTime() + DAY) : new Date(startMs + 3_600_000);
  const when = isoAt(startMs - 20 * DAY);
  return {
    subject: subjects[i % subjects.length] ?? 'Meeting',
    bodyHtml: `<html><body><p>Agenda item ${i}: shipments, staffing, ünd more.</p></body></html>`,
    start: fmt(s),
    end: fmt(e),
    timeZone: 'UTC',
    isAllDay: allDay,
    location: r.pick(['Room Ørsted', 'Teams', 'Hamburg office', '']),
    attendees,
    organizer,
    recurrence: recurring
      ? {
          pattern: {
            type: 'weekly',
            interval: 1,
            daysOfWeek: [
              ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'][start.getUTCDay() % 5] ??
                'monday',
            ],
            firstDayOfWeek: 'sunday',
          },
          range: {
            type: 'endDate',
            startDate: date(s),
            endDate: date(new Date(startMs + 84 * DAY)),
            recurrenceTimeZone: 'UTC',
          },
        }
      : null,
    showAs: allDay ? 'free' : 'busy',
    importance: 'normal',
    sensitivity: i % 5 === 4 ? 'private' : 'normal',
    isOnlineMeeting: i % 3 === 0,
    createdDateTime: when,
    lastModifiedDateTime: when,
    changeKey: 'DwAAABYAAAB' + i,
    iCalUId:
      '040000008200E00074C5B7101A82E008' +
      (hash32(scopeTag, i) >>> 0).toString(16).padStart(8, '0').toUpperCase(),
  };
}

let pngCache: Map<number, Buffer> | undefined;
/** A real 8×8 PNG (one colour derived from the seed). */
export function tinyPng(seed: number): Buffer {
  pngCache ??= new Map();
  const hit = pngCache.get(seed % 16);
  if (hit) return hit;
  const w = 8;
  const raw = Buffer.alloc((w * 3 + 1) * w);
  const c = [(seed * 37) & 0xff, (seed * 91) & 0xff, (seed * 53) & 0xff];
  for (let y = 0; y < w; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++)
      for (let k = 0; k < 3; k++) raw[y * (w * 3 + 1) + 1 + x * 3 + k] = c[k] ?? 0;
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let v = n;
    for (let k = 0; k < 8; k++) v = v & 1 ? 0xedb88320 ^ (v >>> 1) : v >>> 1;
    return v >>> 0;
  });
  const crc = (buf: Buffer) => {
    let v = 0xffffffff;
    for (const b of buf) v = (crcTable[(v ^ b) & 0xff] ?? 0) ^ (v >>> 8);
    return (v ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c2 = Buffer.alloc(4);
    c2.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c2]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  pngCache.set(seed % 16, png);
  return png;
}

// ------------------------------------------------------------------ tenant

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
  private readonly drives = new Map<string, Drive>();
  private readonly userDrives = new Map<string, Drive>();
  private readonly groupContent = new Map<string, GroupContent>();
  private driveScope = 0;
  dirEpoch = 1;

  constructor(readonly options: TenantOptions) {
    this.seed = options.seed;
    this.generateDirectory();
    this.generateSites();
  }

  private generateDirectory(): void {
    const r = Rng.of(this.seed, 'directory');
    const n = Math.max(4, this.options.users);
    const used = new Set<string>();
    for (let i = 0; i < n; i++) {
      const special = i === n - 2 ? 'shared' : i === n - 1 ? 'publicFolder' : null;
      let given = FIRST[(i * 7 + (this.seed % 5)) % FIRST.length] ?? 'Alex';
      let sur = LAST[(i * 11 + (this.seed % 3)) % LAST.length] ?? 'Smith';
      if (special === 'shared') {
        given = '';
        sur = '';
      }
      const display =
        special === 'shared'
          ? 'Accounts Payable'
          : special === 'publicFolder'
            ? 'PublicFoldersAccount'
            : `${given} ${sur}`;
      let nick =
        special === 'shared'
          ? 'accountspayable'
          : special === 'publicFolder'
            ? 'PublicFoldersAccount'
            : `${asciiSlug(given)}.${asciiSlug(sur)}`;
      let k = 2;
      const baseNick = nick;
      while (used.has(nick.toLowerCase())) nick = `${baseNick}${k++}`;
      used.add(nick.toLowerCase());
      const [city, country, usage] = CITIES[i % CITIES.length] ?? [
        'Seattle',
        'United States',
        'US',
      ];
      const unlicensed = special === null && i % 9 === 4;
      const disabled = special === null && i === 3;
      const person = special === null;
      this.users.push({
        index: i,
        id: guidOf(this.seed, 'user', i),
        displayName: display,
        givenName: person ? given : null,
        surname: person ? sur : null,
        userPrincipalName: `${nick}@${special === 'publicFolder' ? this.initialDomainName() : DEMO_VANITY_DOMAIN}`,
        mail: unlicensed && i % 2 === 0 ? null : `${nick}@${DEMO_VANITY_DOMAIN}`,
        mailNickname: nick,
        accountEnabled: person && !disabled,
        ageGroup: person ? (i % 13 === 7 ? 'minor' : i % 5 === 2 ? null : 'adult') : null,
        city: person ? city : null,
        companyName: person ? (i % 10 === 9 ? 'Larkspur Freight GmbH' : DEMO_COMPANY_NAME) : null,
        country: person ? country : null,
        department: person ? (DEPARTMENTS[r.int(0, DEPARTMENTS.length - 1)] ?? null) : null,
        jobTitle: person ? (TITLES[r.int(0, TITLES.length - 1)] ?? null) : null,
        officeLocation: person
          ? `${city} ${r.int(1, 4)}${String.fromCharCode(65 + r.int(0, 3))}`
          : null,
        usageLocation: person ? usage : null,
        createdDateTime: isoAt(WORLD_EPOCH - (900 - i) * DAY),
        licensed: person && !unlicensed,
        mailboxKind: special ?? (unlicensed ? 'none' : 'user'),
        hasDrive: person && !unlicensed,
        deleted: false,
        changeSeq: 0,
      });
    }
    const people = this.users.filter((u) => u.mailboxKind === 'user');
    const groupCount = Math.max(GROUPS.length, Math.floor(n / 8));
    for (let g = 0; g < groupCount; g++) {
      const spec = GROUPS[g % GROUPS.length] ?? {
        name: 'Group',
        team: false,
        visibility: 'Public' as const,
      };
      const name =
        g < GROUPS.length ? spec.name : `${spec.name} ${Math.floor(g / GROUPS.length) + 1}`;
      const nick = asciiSlug(name);
      const members =
        g === 0
          ? people.map((u) => u.id)
          : people
              .filter((_, n2) => (n2 + g) % 3 === 0)
              .slice(0, 40)
              .map((u) => u.id);
      const owner = members[0];
      this.groups.push({
        index: g,
        id: guidOf(this.seed, 'group', g),
        displayName: name,
        description: `${name} — ${spec.team ? 'team workspace' : 'mailing and files'}`,
        mailNickname: nick,
        mail: `${nick}@${DEMO_VANITY_DOMAIN}`,
        visibility: spec.visibility,
        createdDateTime: isoAt(WORLD_EPOCH - (500 - g) * DAY),
        isTeam: spec.team,
        members,
        owners: owner ? [owner] : [],
        deleted: false,
        changeSeq: 0,
      });
    }
  }

  private initialDomainName(): string {
    return DEMO_TENANT_DOMAIN;
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

  private newDrive(
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
      const clock = new SeqClock();
      const conversations = new ItemStore<ConversationData>(clock);
      const threads = new ItemStore<ThreadData>(clock);
      const r = Rng.of(this.seed, 'conv', g.index);
      const members = g.members
        .map((id) => this.users.find((u) => u.id === id))
        .filter((u): u is User => !!u);
      for (let ci = 0; ci < 3; ci++) {
        const topic =
          ['Welcome to the group', 'Quarterly planning', 'Frühjahrsputz im Lager'][ci] ?? 'Topic';
        const tclock = new SeqClock();
        const posts = new ItemStore<PostData>(tclock);
        const n = r.int(1, 4);
        let last = '';
        for (let p = 0; p < n; p++) {
          const author = members[(ci + p) % Math.max(1, members.length)];
          const when = isoAt(WORLD_EPOCH - (60 - ci * 10 - p) * DAY);
          last = when;
          posts.seed('', {
            from: author ? addr(author) : { name: g.displayName, address: g.mail },
            bodyHtml: `<html><body><div>${escapeHtml(topic)} — post ${p + 1}. Merci à tous!</div></body></html>`,
            receivedDateTime: when,
            createdDateTime: when,
            lastModifiedDateTime: when,
            changeKey: 'CQAAAB' + p,
          });
        }
        const th = threads.seed('', { topic, posts, lastDeliveredDateTime: last });
        conversations.seed('', { topic, threadKeys: [th.key] });
      }
      const events = new ItemStore<EventData>(clock);
      for (let e = 0; e < 3; e++)
        events.seed(
          '',
          makeEvent(this, { name: g.displayName, address: g.mail }, `g${g.index}`, e),
        );
      const site = this.siteForGroup(g);
      const drive = site.lists.find((l) => l.drive)?.drive;
      if (!drive) throw new Error('group site without library');
      c = { clock, conversations, threads, calendar: { clock, events }, drive, site };
      this.groupContent.set(g.id, c);
    }
    return c;
  }

  // ---------------------------------------------------------------- sites

  private makeSite(
    name: string,
    displayName: string,
    path: string,
    parentIndex: number | null,
    groupId?: string,
  ): Site {
    const index = this.sites.length;
    const collectionId = guidOf(this.seed, 'site', parentIndex ?? index);
    const webId = guidOf(this.seed, 'web', index);
    const site: Site = {
      index,
      id: `larkspur.sharepoint.com,${collectionId},${webId}`,
      collectionId,
      webId,
      name,
      displayName,
      webUrl: `https://larkspur.sharepoint.com${path}`,
      parentIndex,
      isRoot: path === '',
      lists: [],
      createdDateTime: isoAt(WORLD_EPOCH - (600 - index) * DAY),
      deleted: false,
      ...(groupId ? { groupId } : {}),
    };
    const libClock = new SeqClock();
    const drive = this.newDrive(
      'Documents',
      'documentLibrary',
      { kind: groupId ? 'group' : 'site', id: groupId ?? site.id, displayName },
      `${site.webUrl}/Shared%20Documents`,
    );
    populateDrive(this, drive, `site${index}`, false);
    site.lists.push({
      id: guidOf(this.seed, 'list', index, 'docs'),
      name: 'Shared Documents',
      displayName: 'Documents',
      template: 'documentLibrary',
      columns: [],
      items: new ItemStore<ListItemData>(libClock),
      clock: libClock,
      drive,
      createdDateTime: site.createdDateTime,
    });
    this.sites.push(site);
    return site;
  }

  addCustomList(site: Site, name: string, rows: number): SpList {
    const clock = new SeqClock();
    const list: SpList = {
      id: guidOf(this.seed, 'list', site.index, name),
      name: name.replace(/\s+/g, ''),
      displayName: name,
      template: 'genericList',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'AssetTag', type: 'text' },
        { name: 'Quantity', type: 'number' },
        { name: 'InService', type: 'boolean' },
        { name: 'Status', type: 'choice', choices: ['Ordered', 'In use', 'Retired'] },
      ],
      items: new ItemStore<ListItemData>(clock),
      clock,
      createdDateTime: site.createdDateTime,
    };
    const r = Rng.of(this.seed, 'list', site.index, name);
    for (let i = 0; i < rows; i++) {
      const when = isoAt(WORLD_EPOCH - r.int(1, 300) * DAY);
      list.items.seed('', {
        fields: {
          Title: `${r.pick(['Forklift', 'Pallet scanner', 'Laptop', 'Kühlcontainer', 'Chariot élévateur'])} ${i + 1}`,
          AssetTag: `LL-${String(1000 + i)}`,
          Quantity: r.int(1, 40),
          InService: r.chance(0.7),
          Status: r.pick(['Ordered', 'In use', 'Retired']),
        },
        createdDateTime: when,
        lastModifiedDateTime: when,
        eTagVersion: 1,
      });
    }
    site.lists.push(list);
    return list;
  }

  private generateSites(): void {
    const root = this.makeSite('Communication site', 'Communication site', '', null);
    void root;
    const ops = this.makeSite('operations', 'Operations', '/sites/operations', null);
    this.addCustomList(ops, 'Asset Register', 24);
    const sub = this.makeSite(
      'warehouses',
      'Warehouses',
      '/sites/operations/warehouses',
      ops.index,
    );
    this.addCustomList(sub, 'Dock Schedule', 10);
    this.makeSite('hr', 'HR Portal — Personalwesen', '/sites/hr', null);
  }

  addSite(name: string, displayName: string): Site {
    return this.makeSite(name, displayName, `/sites/${name}`, null);
  }

  addGroup(displayName: string, isTeam: boolean): Group {
    const index = this.groups.length;
    const nick = asciiSlug(displayName) || `group${index}`;
    const members = this.users
      .filter((u) => u.mailboxKind === 'user' && !u.deleted)
      .slice(0, 3)
      .map((u) => u.id);
    const g: Group = {
      index,
      id: guidOf(this.seed, 'group', index),
      displayName,
      description: displayName,
      mailNickname: nick,
      mail: `${nick}@${DEMO_VANITY_DOMAIN}`,
      visibility: 'Private',
      createdDateTime: isoAt(Date.now()),
      isTeam,
      members,
      owners: members.slice(0, 1),
      deleted: false,
      changeSeq: 0,
    };
    touchDirectory(this, g, '*');
    this.groups.push(g);
    return g;
  }

  siteForGroup(g: Group): Site {
    const existing = this.sites.find((s) => s.groupId === g.id);
    if (existing) return existing;
    return this.makeSite(g.mailNickname, g.displayName, `/sites/${g.mailNickname}`, null, g.id);
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
      t = { groupId: g.id, channels: [], createdDateTime: g.createdDateTime, deleted: false };
      const content = this.groupContentOf(g);
      const specs: [string, 'standard' | 'private'][] = [
        ['General', 'standard'],
        ['Shipping updates', 'standard'],
        ['Leadership (private)', 'private'],
      ];
      specs.forEach(([name, type], ci) => {
        const ch = this.makeChannel(g, name, type, ci, content.drive);
        t?.channels.push(ch);
      });
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
    const clock = new SeqClock();
    const messages = new ItemStore<ChatMessageData>(clock);
    const members = g.members
      .map((id) => this.users.find((u) => u.id === id))
      .filter((u): u is User => !!u);
    const r = Rng.of(this.seed, 'chan', g.index, ci);
    const base = WORLD_EPOCH - 30 * DAY + ci * 3_600_000;
    const roots = name === 'General' ? 6 : 4;
    let ms = base;
    for (let m = 0; m < roots && members.length; m++) {
      const author = members[(m + ci) % members.length] ?? members[0];
      if (!author) break;
      ms += r.int(600_000, 86_400_000);
      const mention = m % 3 === 1 ? members[(m + 1) % members.length] : undefined;
      const when = isoAt(ms);
      const root = messages.seed('', {
        from: { id: author.id, displayName: author.displayName },
        bodyHtml: mention
          ? `<div><at id="0">${escapeHtml(mention.displayName)}</at> can you check shipment ${r.int(100, 999)}? 📦</div>`
          : `<div>${r.pick(['Truck 12 delayed at the border.', 'Neue Preise ab Montag.', 'Réunion reportée à jeudi.', 'Inventory count done ✅'])}</div>`,
        subject: m === 0 ? 'Kick-off' : null,
        createdDateTime: when,
        lastModifiedDateTime: when,
        deletedDateTime: null,
        replyToKey: null,
        mentions: mention
          ? [
              {
                id: 0,
                mentionText: mention.displayName,
                userId: mention.id,
                displayName: mention.displayName,
              },
            ]
          : [],
        reactions:
          m % 2 === 0
            ? [
                {
                  reactionType: 'like',
                  createdDateTime: isoAt(ms + 60_000),
                  userId: (members[(m + 2) % members.length] ?? author).id,
                },
              ]
            : [],
        importance: m === 2 ? 'high' : 'normal',
        msgId: String(ms),
      });
      const replies = r.int(0, 3);
      for (let k = 0; k < replies; k++) {
        const who = members[(m + k + 1) % members.length] ?? author;
        const rms = ms + (k + 1) * 120_000;
        messages.seed(String(root.key), {
          from: { id: who.id, displayName: who.displayName },
          bodyHtml: `<div>${r.pick(['On it.', 'Danke!', 'Merci 👍', 'Done, see the file.'])}</div>`,
          subject: null,
          createdDateTime: isoAt(rms),
          lastModifiedDateTime: isoAt(rms),
          deletedDateTime: null,
          replyToKey: root.key,
          mentions: [],
          reactions:
            k === 0
              ? [{ reactionType: 'heart', createdDateTime: isoAt(rms + 1000), userId: author.id }]
              : [],
          importance: 'normal',
          msgId: String(rms),
        });
      }
    }
    const chDrive =
      type === 'private'
        ? this.newDrive(
            'Documents',
            'documentLibrary',
            {
              kind: 'site',
              id: `${g.mailNickname}-${ci}`,
              displayName: `${g.displayName}-${name}`,
            },
            `https://larkspur.sharepoint.com/sites/${g.mailNickname}-${ci}/Shared%20Documents`,
          )
        : drive;
    const folderName = name.replace(/[^A-Za-z0-9 ()-]/g, '');
    let folderKey = chDrive.childByName(chDrive.rootKey, folderName);
    if (folderKey === undefined) {
      const when = isoAt(base);
      folderKey = chDrive.items.seed('', {
        name: folderName,
        parentKey: chDrive.rootKey,
        folder: true,
        versions: [],
        createdDateTime: when,
        lastModifiedDateTime: when,
        createdBy: g.displayName,
        eTagVersion: 1,
        cTagVersion: 1,
      }).key;
      chDrive.items.seed(
        '',
        fileData(
          `Channel notes ${ci}.docx`,
          folderKey,
          hash32(this.seed, g.index, ci, 'f'),
          40_000 + ci * 1000,
          when,
          g.displayName,
          1,
        ),
      );
    }
    const threadId = Buffer.from(guidOf(this.seed, 'thread', g.index, ci).replace(/-/g, ''), 'hex')
      .toString('hex')
      .slice(0, 32);
    return {
      id: ci === 0 ? `19:${threadId}@thread.tacv2` : `19:${threadId}@thread.tacv2`,
      displayName: name,
      description: `${name} channel of ${g.displayName}`,
      membershipType: type,
      createdDateTime: isoAt(base),
      email: `${asciiSlug(name)}.${g.mailNickname}@emea.teams.ms`,
      messages,
      clock,
      filesFolderKey: folderKey,
      driveOfChannel: chDrive,
      deleted: false,
      members: type === 'private' ? g.members.slice(0, 3) : g.members,
    };
  }
}

export function fileData(
  name: string,
  parentKey: number,
  seed: number,
  size: number,
  when: string,
  by: string,
  versions: number,
): DriveItemData {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  const mimeType =
    {
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pdf: 'application/pdf',
      jpg: 'image/jpeg',
      png: 'image/png',
      mp4: 'video/mp4',
      txt: 'text/plain',
      csv: 'text/csv',
      zip: 'application/zip',
    }[ext] ?? 'application/octet-stream';
  const vs: DriveItemVersion[] = [];
  const whenMs = Date.parse(when);
  for (let v = 1; v < versions; v++) {
    vs.push({
      id: `${v}.0`,
      lastModifiedDateTime: isoAt(whenMs - (versions - v) * DAY),
      content: { size: Math.max(1, size - (versions - v) * 777), seed: seed + v },
    });
  }
  return {
    name,
    parentKey,
    folder: false,
    mimeType,
    content: { size, seed },
    versions: vs,
    createdDateTime: isoAt(whenMs - versions * DAY),
    lastModifiedDateTime: when,
    createdBy: by,
    eTagVersion: versions,
    cTagVersion: versions,
  };
}

/** Nested folders and files from a few bytes to (for the first user) more than 25 MB. */
export function populateDrive(t: Tenant, d: Drive, tag: string, big: boolean): void {
  const r = Rng.of(t.seed, 'drive', tag);
  const by = d.owner.displayName;
  const when = (n: number) => isoAt(WORLD_EPOCH - n * DAY);
  const folder = (name: string, parent: number) =>
    d.items.seed('', {
      name,
      parentKey: parent,
      folder: true,
      versions: [],
      createdDateTime: when(300),
      lastModifiedDateTime: when(r.int(1, 200)),
      createdBy: by,
      eTagVersion: 1,
      cTagVersion: 1,
    }).key;
  const docs = folder('Documents', d.rootKey);
  const reports = folder('Reports 2025', docs);
  const deep = folder('Q2 — Entwürfe', reports);
  const photos = folder('Pictures', d.rootKey);
  const file = (name: string, parent: number, size: number, versions = 1) =>
    d.items.seed(
      '',
      fileData(name, parent, hash32(t.seed, tag, name), size, when(r.int(1, 250)), by, versions),
    );
  file('empty.txt', d.rootKey, 0);
  file('hello.txt', d.rootKey, 12);
  file('Budget.xlsx', docs, r.int(20_000, 90_000), 3);
  file('Contract — signed.pdf', docs, r.int(200_000, 900_000), 2);
  file('Weekly report.docx', reports, r.int(30_000, 120_000), 4);
  file('notes ünïcödé.txt', deep, r.int(100, 3000));
  file('warehouse.jpg', photos, r.int(500_000, 2_500_000));
  file('exports.csv', reports, 1_048_576 + 17);
  if (big) file('site walkthrough.mp4', photos, 26 * 1024 * 1024 + 123, 2);
}
