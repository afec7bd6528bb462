import { eq, ne, or } from 'drizzle-orm';
import { protectedEntities } from '../../db/backup-schema';

export type EntityRow = typeof protectedEntities.$inferSelect;

/**
 * Unlicensed users keep no Exchange mailbox (Graph answers MailboxNotEnabledForRESTAPI), so
 * they are listed as "MS unlicensed" but never backed up. Shared mailboxes and the
 * PublicFoldersAccount need no licence.
 */
export function isActivatable(entity: Pick<EntityRow, 'licensed' | 'mailboxType'>): boolean {
  return entity.licensed || entity.mailboxType !== 'user';
}

/** `isActivatable` as a condition on protected_entities, for actions on many rows at once. */
export const activatableSql = or(
  eq(protectedEntities.licensed, true),
  ne(protectedEntities.mailboxType, 'user'),
);

export const NO_MAILBOX_REASON = 'Unlicensed in Microsoft 365: there is no mailbox to back up.';
export const ARCHIVED_REASON = 'Deleted from Microsoft 365; the backups are kept until purged.';

/** Days a deleted entity stays recoverable before its data is purged (B4). */
export const DELETE_GRACE_DAYS = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;
