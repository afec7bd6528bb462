/** What a mailbox holds: messages and attachments, mail folders, contacts, calendars, events, To Do lists and tasks. */
import type { Address } from '../mime.ts';

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
