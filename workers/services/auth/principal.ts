import type { AccountRow, UserRow } from '../../db/client';
import type { Permission } from '../../domain/permissions';

/**
 * The authenticated caller. Every service that touches tenant data takes it first and
 * scopes its queries by `accountId` from here — never from the request body.
 */
export interface Principal {
  kind: 'session' | 'token';
  accountId: string;
  userId: string;
  user: UserRow;
  account: AccountRow;
  /** What this principal may do now: the user's permissions, narrowed by token scopes. */
  permissions: Permission[];
  /** Set for session principals. */
  sessionId?: string;
  /** Set for token principals. */
  token?: { id: string; scopes: string[] };
}
