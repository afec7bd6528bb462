/** Teams (channels and their messages) and group content (conversations, threads, posts, calendar, library). */
import type { Drive } from '../drive.ts';
import type { Address } from '../mime.ts';
import type { ItemStore, SeqClock } from '../store.ts';
import type { EventData } from './mailbox-data.ts';
import type { Site } from './sites.ts';

export interface ChatMessageData {
  from: { id: string; displayName: string };
  bodyHtml: string;
  subject: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  deletedDateTime: string | null;
  /** Set when the body was edited. */
  lastEditedDateTime?: string | null;
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
