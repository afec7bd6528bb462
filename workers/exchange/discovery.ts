/**
 * Which mailboxes a tenant has, read from Microsoft Graph. A user object says nothing about
 * its mailbox except through its licences, so unlicensed users are probed with
 * `GET /users/{id}/mailboxSettings`: shared mailboxes and the PublicFoldersAccount answer
 * (they need no licence), users without a mailbox answer MailboxNotEnabledForRESTAPI.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { followLink } from '../graph/client';
import { toGraphApiError } from '../graph/graph-error';

export type MailboxKind = 'user' | 'shared' | 'public_folders';

export interface DiscoveredMailbox {
  /** Graph user id. */
  externalId: string;
  name: string;
  /** Lower-cased primary SMTP address, or the UPN when the user has no mail address. */
  email: string;
  type: MailboxKind;
  licensed: boolean;
  /** False for unlicensed users Exchange keeps no mailbox for: listed, never backed up. */
  hasMailbox: boolean;
}

interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  assignedLicenses?: unknown[];
}

interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,assignedLicenses';
const PAGE_SIZE = 999;
/** Outlook allows 4 concurrent requests per app per mailbox; probes hit distinct mailboxes. */
const PROBE_CONCURRENCY = 4;
const PUBLIC_FOLDERS_NAME = 'publicfoldersaccount';

export async function listUsers(client: Client): Promise<GraphUser[]> {
  const users: GraphUser[] = [];
  let page = (await client
    .api('/users')
    .select(USER_FIELDS)
    .top(PAGE_SIZE)
    .get()) as GraphPage<GraphUser>;
  users.push(...page.value);
  while (page['@odata.nextLink']) {
    page = (await followLink(client, page['@odata.nextLink']).get()) as GraphPage<GraphUser>;
    users.push(...page.value);
  }
  return users;
}

type Probe = { exists: false } | { exists: true; purpose: string | null };

async function probeMailbox(client: Client, userId: string): Promise<Probe> {
  try {
    const settings = (await client
      .api(`/users/${encodeURIComponent(userId)}/mailboxSettings`)
      .get()) as { userPurpose?: string | null };
    return { exists: true, purpose: settings.userPurpose ?? null };
  } catch (error) {
    const graphError = toGraphApiError(error);
    if (graphError.status === 404) return { exists: false };
    throw graphError;
  }
}

function isPublicFoldersAccount(user: GraphUser): boolean {
  const local = (user.userPrincipalName ?? '').split('@')[0]?.toLowerCase();
  return user.displayName?.toLowerCase() === PUBLIC_FOLDERS_NAME || local === PUBLIC_FOLDERS_NAME;
}

function classify(user: GraphUser, probe: Probe | null): DiscoveredMailbox {
  const licensed = (user.assignedLicenses ?? []).length > 0;
  let type: MailboxKind = 'user';
  if (isPublicFoldersAccount(user)) type = 'public_folders';
  else if (probe?.exists && probe.purpose === 'shared') type = 'shared';
  const hasMailbox = licensed || (probe?.exists === true && type !== 'user');
  const email = (user.mail ?? user.userPrincipalName ?? user.id).toLowerCase();
  return {
    externalId: user.id,
    name: user.displayName?.trim() || email,
    email,
    type,
    licensed,
    hasMailbox,
  };
}

/** Every user of the tenant with its mailbox kind and licensing. */
export async function discoverMailboxes(client: Client): Promise<DiscoveredMailbox[]> {
  const users = await listUsers(client);
  const probes = new Map<string, Probe>();
  const unlicensed = users.filter((u) => (u.assignedLicenses ?? []).length === 0);
  let next = 0;
  const worker = async () => {
    while (next < unlicensed.length) {
      const user = unlicensed[next++]!;
      probes.set(user.id, await probeMailbox(client, user.id));
    }
  };
  await Promise.all(Array.from({ length: PROBE_CONCURRENCY }, worker));
  return users.map((u) => classify(u, probes.get(u.id) ?? null));
}
