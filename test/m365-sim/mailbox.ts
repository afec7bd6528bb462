/** One user's mailbox: folder and message stores over generated content, plus lazily seeded contacts, calendars and To Do. */
import type { User } from './model/directory.ts';
import type { FolderData, MessageData } from './model/mailbox-data.ts';
import { hash32 } from './random.ts';
import { seedCalendar, type CalendarState } from './seed/calendar.ts';
import { seedContacts, type ContactsState } from './seed/contacts.ts';
import { FOLDER_SPECS } from './seed/mail-folders.ts';
import { generateMessage, shapeOf, type MessageShape } from './seed/messages.ts';
import { seedTodo, type TodoState } from './seed/todo.ts';
import { ItemStore, SeqClock, type BaseSource } from './store.ts';
import type { Tenant } from './tenant.ts';
import { DAY, WORLD_EPOCH } from './world.ts';

export class Mailbox {
  readonly clock = new SeqClock();
  readonly folders: ItemStore<FolderData>;
  readonly messages: ItemStore<MessageData>;
  readonly folderByWellKnown = new Map<string, number>();
  private readonly weighted: number[] = [];
  private readonly baseCount: number;
  readonly outgoingFolders = new Set<number>();
  private contactsState?: ContactsState;
  private calendarState?: CalendarState;
  private todoState?: TodoState;

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
      make: (i) => generateMessage(this, i),
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
    return shapeOf(this, i);
  }

  folderKeyByRef(ref: string, decode: (id: string) => number | null): number | undefined {
    const wk = this.folderByWellKnown.get(ref.toLowerCase());
    if (wk !== undefined) return wk;
    const key = decode(ref);
    if (key === null) return undefined;
    return this.folders.get(key) ? key : undefined;
  }

  get contacts(): ContactsState {
    return (this.contactsState ??= seedContacts(this));
  }

  get calendar(): CalendarState {
    return (this.calendarState ??= seedCalendar(this));
  }

  get todo(): TodoState {
    return (this.todoState ??= seedTodo(this));
  }
}
