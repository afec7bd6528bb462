import { env } from 'cloudflare:workers';
import {
  backupRuns,
  backupTasks,
  protectedEntities,
  snapshots,
  type EntityStatus,
} from '../../../workers/db/schema';
import type { SubServiceOutcome } from '../../../workers/db/backup-schema';
import { db, insertSession, insertUser, type TestUser } from './fixtures';

/** Backup rows written directly, for tests of the API over them (no Graph, no engine). */

export interface Owner {
  user: TestUser;
  session: string;
}

export async function newOwner(options: Parameters<typeof insertUser>[0] = {}): Promise<Owner> {
  const user = await insertUser(options);
  return { user, session: await insertSession(user) };
}

let simTenantId: string | undefined;
export async function simulatedTenantId(): Promise<string> {
  if (!simTenantId) {
    const res = await fetch(`${env.LOGIN_BASE_URL}/_sim/tenant`);
    simTenantId = ((await res.json()) as { id: string }).id;
  }
  return simTenantId;
}

/** A task already connected to the simulated tenant (consent is granted there by default). */
export async function insertTask(
  accountId: string,
  values: Partial<typeof backupTasks.$inferInsert> = {},
): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(backupTasks).values({
    id,
    accountId,
    service: 'exchange',
    name: 'Exchange',
    tenantId: await simulatedTenantId(),
    connection: 'connected',
    connectedAt: new Date(),
    ...values,
  });
  return id;
}

export async function insertEntities(
  accountId: string,
  taskId: string,
  rows: Array<Partial<typeof protectedEntities.$inferInsert> & { name: string }>,
): Promise<string[]> {
  const values = rows.map((r) => ({
    id: crypto.randomUUID(),
    accountId,
    taskId,
    externalId: crypto.randomUUID(),
    email: `${r.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@larkspur.example`,
    licensed: true,
    ...r,
  }));
  // 20 columns at most per row: stay under D1's 100 bound parameters per statement.
  for (let i = 0; i < values.length; i += 4) {
    await db.insert(protectedEntities).values(values.slice(i, i + 4));
  }
  return values.map((v) => v.id);
}

export async function insertEntity(
  accountId: string,
  taskId: string,
  name: string,
  status: EntityStatus = 'not_active',
): Promise<string> {
  const [id] = await insertEntities(accountId, taskId, [{ name, status }]);
  return id!;
}

/** A finished run with one snapshot of the entity. */
export async function insertSnapshot(
  accountId: string,
  taskId: string,
  entityId: string,
  seq: number,
  finishedAt: Date,
  subServices: Record<string, Partial<SubServiceOutcome>>,
): Promise<string> {
  const runId = crypto.randomUUID();
  await db.insert(backupRuns).values({
    id: runId,
    accountId,
    taskId,
    trigger: 'schedule',
    status: 'succeeded',
    entitiesTotal: 1,
    entitiesDone: 1,
    startedAt: new Date(finishedAt.getTime() - 60_000),
    finishedAt,
  });
  const full = Object.fromEntries(
    Object.entries(subServices).map(([k, v]) => [
      k,
      {
        items: 0,
        added: 0,
        changed: 0,
        deleted: 0,
        bytes: 0,
        storedBytes: 0,
        outcome: 'succeeded',
        ...v,
      },
    ]),
  ) as Record<string, SubServiceOutcome>;
  const id = crypto.randomUUID();
  await db.insert(snapshots).values({
    id,
    accountId,
    taskId,
    entityId,
    runId,
    seq,
    status: 'succeeded',
    items: Object.values(full).reduce((a, s) => a + s.items, 0),
    bytes: Object.values(full).reduce((a, s) => a + s.bytes, 0),
    subServices: full,
    startedAt: new Date(finishedAt.getTime() - 60_000),
    finishedAt,
  });
  return id;
}
