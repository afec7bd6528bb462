import { and, eq } from 'drizzle-orm';
import { entityTags, protectedEntities, tags } from '../../db/backup-schema';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import type { Principal } from '../auth/principal';
import type { EntityRow } from './rules';

/**
 * The gate in front of an entity's backed-up data (drill-down, browse, restore, export).
 * Another account's entity is not found; so is one carrying a Limited Access tag (B7) for
 * anyone but the account's primary user — the same answer, so its existence is not
 * confirmed either. Entity *lists* show such entities; only their data is guarded.
 */
export async function assertEntityDataAccess(
  actor: Pick<Principal, 'accountId' | 'user'>,
  db: Db,
  entityId: string,
): Promise<EntityRow> {
  const entity = await db
    .select()
    .from(protectedEntities)
    .where(
      and(eq(protectedEntities.id, entityId), eq(protectedEntities.accountId, actor.accountId)),
    )
    .get();
  if (!entity) throw new AppError('not_found', 'Mailbox not found.');
  if (actor.user.isPrimary) return entity;
  const limited = await db
    .select({ tagId: entityTags.tagId })
    .from(entityTags)
    .innerJoin(tags, eq(tags.id, entityTags.tagId))
    .where(
      and(
        eq(entityTags.entityId, entityId),
        eq(entityTags.accountId, actor.accountId),
        eq(tags.limitedAccess, true),
      ),
    )
    .limit(1)
    .get();
  if (limited) throw new AppError('not_found', 'Mailbox not found.');
  return entity;
}
