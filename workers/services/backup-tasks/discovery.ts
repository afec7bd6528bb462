import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { backupTasks, protectedEntities } from '../../db/backup-schema';
import { createDb, type Db } from '../../db/client';
import { AppError } from '../../errors';
import { discoverMailboxes, type DiscoveredMailbox } from '../../exchange/discovery';
import { GraphAuthError } from '../../graph/token-provider';
import { tenantGraphClient } from '../../graph/tenant-client';
import {
  ARCHIVED_REASON,
  isActivatable,
  NO_MAILBOX_REASON,
  type EntityRow,
} from '../entities/rules';
import { recordSystemActivity } from '../system-activity';
import { markDisconnected } from './connect';
import { replanTask } from './coordinator';
import { requireTask } from './tasks';

/**
 * Discovery: the task's entities follow the tenant's mailboxes. New ones are added (and
 * scheduled when the task auto-activates), vanished ones archived (B10), the rest refreshed.
 */

export interface DiscoveryResult {
  discovered: number;
  added: number;
  archived: number;
  activated: number;
}

/** New mailboxes per INSERT statement (one JSON parameter, whatever the row count). */
const INSERT_ROWS = 500;

/**
 * Many new entities in one statement: the rows travel as one JSON parameter, since D1 binds
 * at most 100 parameters per statement (five rows of this table with a VALUES list).
 */
function insertEntities(db: Db, rows: EntityRow[]) {
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      ext: r.externalId,
      name: r.name,
      email: r.email,
      type: r.mailboxType,
      licensed: r.licensed ? 1 : 0,
      status: r.status,
      reason: r.statusReason,
      activated: r.activatedAt?.getTime() ?? null,
    })),
  );
  const at = rows[0]!.createdAt.getTime();
  const { accountId, taskId } = rows[0]!;
  return db.run(sql`INSERT INTO ${protectedEntities}
    (id, account_id, task_id, external_id, name, email, mailbox_type, licensed, status,
     status_reason, activated_at, created_at, updated_at)
    SELECT value ->> 'id', ${accountId}, ${taskId}, value ->> 'ext', value ->> 'name',
      value ->> 'email', value ->> 'type', value ->> 'licensed', value ->> 'status',
      value ->> 'reason', value ->> 'activated', ${at}, ${at}
    FROM json_each(${json})`);
}

/** Statements per D1 batch: keeps each batch well inside D1's per-invocation limits. */
const BATCH = 50;

async function runBatches(db: Db, statements: BatchItem<'sqlite'>[]): Promise<void> {
  for (let i = 0; i < statements.length; i += BATCH) {
    const chunk = statements.slice(i, i + BATCH);
    await db.batch(chunk as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  }
}

/** Discovery's view of `isActivatable`: the mailbox must also exist in Exchange Online. */
function canBackUp(m: DiscoveredMailbox): boolean {
  return m.hasMailbox && isActivatable({ licensed: m.licensed, mailboxType: m.type });
}

function newEntity(
  task: { id: string; accountId: string; autoActivate: boolean },
  m: DiscoveredMailbox,
  now: Date,
): EntityRow {
  const activatable = canBackUp(m);
  const activate = task.autoActivate && activatable;
  return {
    id: crypto.randomUUID(),
    accountId: task.accountId,
    taskId: task.id,
    externalId: m.externalId,
    name: m.name,
    email: m.email,
    mailboxType: m.type,
    licensed: m.licensed,
    status: activate ? 'scheduled' : 'not_active',
    statusBeforeDeletion: null,
    statusReason: activatable ? null : NO_MAILBOX_REASON,
    backupBytes: 0,
    itemCount: 0,
    lastBackupAt: null,
    lastSeq: 0,
    activatedAt: activate ? now : null,
    archivedAt: null,
    purgeAfter: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Entra ID's own words (AADSTS code and description), as the task shows them. */
export function authReason(error: GraphAuthError): string {
  const code =
    error.aadsts && !error.description.startsWith('AADSTS') ? `AADSTS${error.aadsts}: ` : '';
  return `${code}${error.description}`;
}

/** The no-mailbox reason follows licensing; other reasons (a failed backup's) are kept. */
function refreshedReason(current: EntityRow, activatable: boolean, back: boolean): string | null {
  if (!activatable) return NO_MAILBOX_REASON;
  if (back || current.statusReason === NO_MAILBOX_REASON) return null;
  return current.statusReason;
}

export async function runDiscovery(
  env: Env,
  accountId: string,
  taskId: string,
): Promise<DiscoveryResult> {
  const db = createDb(env.DB);
  const task = await requireTask(db, accountId, taskId);
  if (!task.tenantId || task.connection !== 'connected') throw new AppError('task_not_connected');
  const started = Date.now();
  const activity = {
    accountId,
    taskId,
    taskName: task.name,
    activity: 'discovery',
    service: task.service,
  };
  let mailboxes: DiscoveredMailbox[];
  try {
    mailboxes = await discoverMailboxes(tenantGraphClient(env, task.tenantId));
  } catch (error) {
    const reason =
      error instanceof GraphAuthError
        ? authReason(error)
        : error instanceof Error
          ? error.message
          : String(error);
    const revoked = error instanceof GraphAuthError && error.permanent;
    if (revoked) await markDisconnected(db, accountId, taskId, reason);
    await recordSystemActivity(db, {
      ...activity,
      status: 'failed',
      executionMs: Date.now() - started,
      description: `Discovery failed: ${reason}`.slice(0, 1000),
    });
    if (revoked)
      throw new AppError('task_not_connected', `Microsoft 365 refused access: ${reason}`);
    throw error;
  }

  const existing = await db
    .select()
    .from(protectedEntities)
    .where(and(eq(protectedEntities.accountId, accountId), eq(protectedEntities.taskId, taskId)));
  const byExternal = new Map(existing.map((e) => [e.externalId, e]));
  const seen = new Set<string>();
  const now = new Date();
  const statements: BatchItem<'sqlite'>[] = [];
  const result: DiscoveryResult = {
    discovered: mailboxes.length,
    added: 0,
    archived: 0,
    activated: 0,
  };
  const scope = (id: string) =>
    and(eq(protectedEntities.id, id), eq(protectedEntities.accountId, accountId));

  const added: EntityRow[] = [];
  for (const m of mailboxes) {
    seen.add(m.externalId);
    const current = byExternal.get(m.externalId);
    if (!current) {
      const row = newEntity(task, m, now);
      added.push(row);
      result.added += 1;
      if (row.status === 'scheduled') result.activated += 1;
      continue;
    }
    const activatable = canBackUp(m);
    const back = current.status === 'archived';
    const reason = refreshedReason(current, activatable, back);
    const changed =
      current.name !== m.name ||
      current.email !== m.email ||
      current.licensed !== m.licensed ||
      current.mailboxType !== m.type ||
      current.statusReason !== reason ||
      back;
    if (!changed) continue;
    statements.push(
      db
        .update(protectedEntities)
        .set({
          name: m.name,
          email: m.email,
          licensed: m.licensed,
          mailboxType: m.type,
          statusReason: reason,
          // Back in Microsoft 365 (restored from the recycle bin): protected as before.
          ...(back
            ? { status: current.activatedAt ? 'scheduled' : 'not_active', archivedAt: null }
            : {}),
          updatedAt: now,
        })
        .where(scope(current.id)),
    );
  }
  for (const e of existing) {
    if (seen.has(e.externalId) || e.status === 'archived' || e.status === 'pending_deletion')
      continue;
    statements.push(
      db
        .update(protectedEntities)
        .set({ status: 'archived', archivedAt: now, statusReason: ARCHIVED_REASON, updatedAt: now })
        .where(scope(e.id)),
    );
    result.archived += 1;
  }
  statements.push(
    db.update(backupTasks).set({ lastDiscoveryAt: now }).where(eq(backupTasks.id, taskId)),
  );
  // Raw statements cannot join a drizzle D1 batch: the inserts go one statement per 500 rows.
  for (let i = 0; i < added.length; i += INSERT_ROWS) {
    await insertEntities(db, added.slice(i, i + INSERT_ROWS));
  }
  await runBatches(db, statements);
  await recordSystemActivity(db, {
    ...activity,
    status: 'succeeded',
    executionMs: Date.now() - started,
    records: mailboxes.length,
    description: `Discovery found ${mailboxes.length} mailboxes: ${result.added} new, ${result.archived} archived, ${result.activated} activated.`,
  });
  if (result.activated > 0 || result.archived > 0) await replanTask(env, accountId, taskId);
  return result;
}
