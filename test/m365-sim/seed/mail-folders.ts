/** The folder tree every mailbox is seeded with, and how messages are spread over it. */
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
