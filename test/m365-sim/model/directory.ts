/** Directory objects of the simulated tenant: options, users and groups with their change logs. */
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
