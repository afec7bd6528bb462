import { and, asc, count, eq } from 'drizzle-orm';
import { entityTags, tags } from '../db/backup-schema';
import { rowsChanged } from '../db/client';
import { AppError } from '../errors';
import type { Principal } from './auth/principal';
import type { Deps } from './deps';

/** Account tags (B7); a tag with `limitedAccess` hides its entities' data from all but the primary user. */

export async function listTags(actor: Principal, deps: Deps) {
  const rows = await deps.db
    .select({
      id: tags.id,
      name: tags.name,
      limitedAccess: tags.limitedAccess,
      entityCount: count(entityTags.entityId),
    })
    .from(tags)
    .leftJoin(entityTags, eq(entityTags.tagId, tags.id))
    .where(eq(tags.accountId, actor.accountId))
    .groupBy(tags.id)
    .orderBy(asc(tags.name));
  return rows;
}

export async function createTag(
  actor: Principal,
  deps: Deps,
  input: { name: string; limitedAccess: boolean },
) {
  const existing = await deps.db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.accountId, actor.accountId), eq(tags.name, input.name)))
    .get();
  if (existing) {
    throw new AppError('validation_failed', 'Some fields are invalid.', {
      details: [{ path: 'name', message: 'A tag with this name already exists.' }],
    });
  }
  const tag = {
    id: crypto.randomUUID(),
    accountId: actor.accountId,
    name: input.name,
    limitedAccess: input.limitedAccess,
    createdAt: new Date(),
  };
  await deps.db.insert(tags).values(tag);
  return { id: tag.id, name: tag.name, limitedAccess: tag.limitedAccess, entityCount: 0 };
}

/** Deletes a tag and its assignments; another account's tag is not found. */
export async function deleteTag(actor: Principal, deps: Deps, tagId: string): Promise<void> {
  const owned = and(eq(tags.id, tagId), eq(tags.accountId, actor.accountId));
  const [, result] = await deps.db.batch([
    deps.db
      .delete(entityTags)
      .where(and(eq(entityTags.tagId, tagId), eq(entityTags.accountId, actor.accountId))),
    deps.db.delete(tags).where(owned),
  ]);
  if (rowsChanged(result) !== 1) {
    throw new AppError('not_found', 'Tag not found.');
  }
}
