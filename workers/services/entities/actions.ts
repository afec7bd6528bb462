import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { entityTags, protectedEntities, tags, type EntityStatus } from '../../db/backup-schema';
import { rowsChanged } from '../../db/client';
import type { EntityAction } from '../../domain/backup-values';
import { AppError } from '../../errors';
import type { Principal } from '../auth/principal';
import { coordinator, replanTask } from '../backup-tasks/coordinator';
import { requireTask } from '../backup-tasks/tasks';
import type { Deps } from '../deps';
import { inJson } from './present';
import { activatableSql, DAY_MS, DELETE_GRACE_DAYS } from './rules';

/** Statuses of an entity that is being protected (scheduled runs include it). */
const ACTIVE: EntityStatus[] = ['scheduled', 'in_process', 'success', 'partial', 'failed'];
const e = protectedEntities;

export async function applyEntityAction(
  actor: Principal,
  deps: Deps,
  env: Env,
  taskId: string,
  action: EntityAction,
  entityIds: string[],
): Promise<{ updated: number; runId: string | null }> {
  const task = await requireTask(deps.db, actor.accountId, taskId);
  const selected = and(
    eq(e.accountId, actor.accountId),
    eq(e.taskId, taskId),
    inJson(e.id, entityIds),
  );
  const update = (
    set: Parameters<ReturnType<typeof deps.db.update<typeof e>>['set']>[0],
    where: SQL | undefined,
  ) =>
    deps.db
      .update(e)
      .set({ ...set, updatedAt: new Date() })
      .where(and(selected, where));

  switch (action) {
    case 'activate': {
      const refused = await deps.db
        .select({ email: e.email })
        .from(e)
        .where(and(selected, sql`NOT (${activatableSql})`))
        .limit(4);
      if (refused.length > 0) {
        const names = refused
          .slice(0, 3)
          .map((r) => r.email)
          .join(', ');
        throw new AppError(
          'entity_not_activatable',
          `Unlicensed mailboxes cannot be activated: Microsoft 365 keeps no mailbox for them (${names}${refused.length > 3 ? ', …' : ''}).`,
        );
      }
      const result = await update(
        { status: 'scheduled', statusReason: null, activatedAt: new Date() },
        inArray(e.status, ['not_active', 'paused']),
      );
      await replanTask(env, actor.accountId, taskId);
      return { updated: rowsChanged(result), runId: null };
    }
    case 'pause': {
      const result = await update({ status: 'paused' }, inArray(e.status, ACTIVE));
      await replanTask(env, actor.accountId, taskId);
      return { updated: rowsChanged(result), runId: null };
    }
    case 'delete': {
      const result = await update(
        {
          status: 'pending_deletion',
          statusBeforeDeletion: sql`${e.status}`,
          purgeAfter: new Date(Date.now() + DELETE_GRACE_DAYS * DAY_MS),
        },
        ne(e.status, 'pending_deletion'),
      );
      await replanTask(env, actor.accountId, taskId);
      return { updated: rowsChanged(result), runId: null };
    }
    case 'cancel_delete': {
      const result = await update(
        {
          status: sql`coalesce(${e.statusBeforeDeletion}, 'not_active')`,
          statusBeforeDeletion: null,
          purgeAfter: null,
        },
        eq(e.status, 'pending_deletion'),
      );
      await replanTask(env, actor.accountId, taskId);
      return { updated: rowsChanged(result), runId: null };
    }
    case 'backup_now': {
      if (task.connection !== 'connected') throw new AppError('task_not_connected');
      const eligible = await deps.db
        .select({ id: e.id })
        .from(e)
        .where(and(selected, inArray(e.status, [...ACTIVE, 'paused']), activatableSql));
      if (eligible.length === 0) return { updated: 0, runId: null };
      const run = await coordinator(env, actor.accountId).startRun(actor.accountId, {
        taskId,
        entityIds: eligible.map((r) => r.id),
        trigger: 'manual',
        initiator: actor.user.email,
      });
      return run.runId === null
        ? { updated: 0, runId: null }
        : { updated: run.entities, runId: run.runId };
    }
  }
}

/** Adds and removes tags on entities of the task; answers how many entities it touched. */
export async function applyEntityTags(
  actor: Principal,
  deps: Deps,
  taskId: string,
  input: { entityIds: string[]; add: string[]; remove: string[] },
): Promise<{ updated: number }> {
  await requireTask(deps.db, actor.accountId, taskId);
  const tagIds = [...new Set([...input.add, ...input.remove])];
  if (tagIds.length > 0) {
    const known = await deps.db
      .select({ id: tags.id })
      .from(tags)
      .where(and(eq(tags.accountId, actor.accountId), inJson(tags.id, tagIds)));
    if (known.length !== tagIds.length) throw new AppError('not_found', 'Tag not found.');
  }
  const targets = await deps.db
    .select({ id: e.id })
    .from(e)
    .where(
      and(eq(e.accountId, actor.accountId), eq(e.taskId, taskId), inJson(e.id, input.entityIds)),
    );
  const ids = targets.map((t) => t.id);
  if (ids.length === 0) return { updated: 0 };
  if (input.remove.length > 0) {
    await deps.db
      .delete(entityTags)
      .where(
        and(
          eq(entityTags.accountId, actor.accountId),
          inJson(entityTags.entityId, ids),
          inJson(entityTags.tagId, input.remove),
        ),
      );
  }
  if (input.add.length > 0) {
    // One statement whatever the number of pairs: D1 binds at most 100 parameters.
    await deps.db.run(sql`INSERT OR IGNORE INTO ${entityTags} (account_id, entity_id, tag_id)
      SELECT ${actor.accountId}, ent.value, tag.value
      FROM json_each(${JSON.stringify(ids)}) AS ent, json_each(${JSON.stringify(input.add)}) AS tag`);
  }
  return { updated: ids.length };
}
