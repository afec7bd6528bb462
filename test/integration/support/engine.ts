/**
 * Engine test setup: an account with a connected Exchange task over chosen mailboxes of the
 * simulated tenant, runs started through the real TenantCoordinator and consumed by the real
 * queue consumer, and the simulator's ground truth to compare against.
 */
import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { readContent } from '../../../workers/backup/blob-reader';
import { coordinatorStub } from '../../../workers/backup/coordinator-stub';
import { blobKey, type ItemKind } from '../../../workers/backup/types';
import type { SnapshotItem, SnapshotPage } from '../../../workers/catalog/types';
import type { EntityCatalog } from '../../../workers/durable/entity-catalog';
import { openDataKey } from '../../../workers/crypto';
import {
  accounts,
  backupRuns,
  backupTasks,
  protectedEntities,
  snapshots,
} from '../../../workers/db/schema';
import { blobStoreForRegion } from '../../../workers/storage/region-stores';
import { DEMO_TENANT_ID } from '../../m365-sim/app-registration';
import { db, insertUser, type TestUser } from './fixtures';
import { catalogStub } from '../../../workers/backup/catalog-stub';

export interface SimUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mailboxKind: string;
  licensed: boolean;
}

export async function sim<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(`${env.GRAPH_BASE_URL}${path}`, {
    method: init?.method ?? (init?.body === undefined ? 'GET' : 'POST'),
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Licensed user mailboxes of the simulated tenant, in the simulator's order. */
export async function licensedUsers(): Promise<SimUser[]> {
  const t = await sim<{ users: SimUser[] }>('/_sim/tenant');
  return t.users.filter((u) => u.licensed && u.mailboxKind === 'user');
}

/** The tenant's shared mailbox (no licence needed). */
export async function sharedMailbox(): Promise<SimUser> {
  const t = await sim<{ users: SimUser[] }>('/_sim/tenant');
  return t.users.find((u) => u.mailboxKind === 'shared')!;
}

export interface BackupFixture {
  user: TestUser;
  region: string;
  taskId: string;
  entities: Array<{ id: string; simUser: SimUser }>;
}

export async function connectedTask(
  simUsers: SimUser[],
  opts: { region?: string; indexForSearch?: boolean } = {},
): Promise<BackupFixture> {
  const user = await insertUser();
  const region = opts.region ?? 'eu-ie';
  await db.update(accounts).set({ region }).where(eq(accounts.id, user.accountId));
  const taskId = crypto.randomUUID();
  const now = new Date();
  await db.insert(backupTasks).values({
    id: taskId,
    accountId: user.accountId,
    service: 'exchange',
    name: 'Exchange',
    tenantId: DEMO_TENANT_ID,
    connection: 'connected',
    connectedAt: now,
    indexForSearch: opts.indexForSearch ?? true,
    createdAt: now,
  });
  const entities = simUsers.map((u) => ({ id: crypto.randomUUID(), simUser: u }));
  for (const e of entities) {
    await db.insert(protectedEntities).values({
      id: e.id,
      accountId: user.accountId,
      taskId,
      externalId: e.simUser.id,
      name: e.simUser.displayName,
      email: e.simUser.userPrincipalName.toLowerCase(),
      licensed: e.simUser.licensed,
      mailboxType:
        e.simUser.mailboxKind === 'shared'
          ? 'shared'
          : e.simUser.mailboxKind === 'publicFolder'
            ? 'public_folders'
            : 'user',
      status: 'scheduled',
      activatedAt: now,
      createdAt: now,
    });
  }
  return { user, region, taskId, entities };
}

export function coordinator(accountId: string) {
  return coordinatorStub(env, accountId);
}

export function catalogOf(accountId: string, entityId: string) {
  return catalogStub(env, accountId, entityId);
}

export async function startBackup(f: BackupFixture, entityIds = f.entities.map((e) => e.id)) {
  const started = await coordinator(f.user.accountId).startRun(f.user.accountId, {
    taskId: f.taskId,
    entityIds,
    trigger: 'manual',
    initiator: f.user.email,
  });
  if (started.runId === null) throw new Error(`run not started: ${started.reason}`);
  return started.runId;
}

/** Waits until the coordinator has finished the run (every part reported), not a fixed time. */
export async function runFinished(f: BackupFixture, runId: string, timeout = 120_000) {
  const run = await vi.waitFor(
    async () => {
      const row = await db.query.backupRuns.findFirst({
        where: and(eq(backupRuns.accountId, f.user.accountId), eq(backupRuns.id, runId)),
      });
      if (!row || row.status === 'running') throw new Error('run still running');
      return row;
    },
    { timeout, interval: 250 },
  );
  const snaps = await db
    .select()
    .from(snapshots)
    .where(and(eq(snapshots.accountId, f.user.accountId), eq(snapshots.runId, runId)));
  return { run, snapshots: snaps };
}

export async function backupNow(f: BackupFixture, entityIds?: string[], timeout?: number) {
  return runFinished(f, await startBackup(f, entityIds), timeout);
}

export interface DigestEntry {
  key: string;
  contentHash: string;
  props: Record<string, unknown>;
}

export async function mailboxDigest(userId: string) {
  return sim<{ count: number; entries: DigestEntry[] }>(`/_sim/digest/mailbox/${userId}`);
}

/** Every item of snapshot `seq` of an entity (one kind or all), paged through the catalog. */
export async function snapshotOf(
  accountId: string,
  entityId: string,
  seq: number,
  kind?: ItemKind,
) {
  // Typed through the class: the RPC stub's mapped type of `meta` is too deep for tsc.
  const catalog = catalogOf(accountId, entityId) as unknown as Pick<EntityCatalog, 'snapshotItems'>;
  const items: SnapshotItem[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page: SnapshotPage = await catalog.snapshotItems({ seq, kind, afterId, limit: 500 });
    items.push(...page.items);
    if (!page.next) return items;
    afterId = page.next;
  }
}

/** SHA-256 (hex) of what the store gives back for an item's chunks, decrypted. */
export async function storedHash(
  f: BackupFixture,
  entityId: string,
  chunks: string[],
): Promise<string> {
  const catalog = catalogOf(f.user.accountId, entityId);
  // The catalog keeps the first key it was given: this returns the entity's existing key.
  const keys = await openDataKey(env.KEK_BASE64, await catalog.ensureDataKey('unused'));
  const store = blobStoreForRegion(env, f.region);
  const digest = new crypto.DigestStream('SHA-256');
  await readContent(store, keys, f.user.accountId, entityId, chunks).pipeTo(digest);
  return [...new Uint8Array(await digest.digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/** The bytes the region store holds under a chunk id, as stored (sealed), not decrypted. */
export async function rawBlob(f: BackupFixture, entityId: string, chunk: string) {
  const object = await blobStoreForRegion(env, f.region).get(
    blobKey(f.user.accountId, entityId, chunk),
  );
  if (!object) throw new Error(`blob ${chunk} is not in the store`);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

/** A message as ground truth and catalog can both describe it: what a snapshot must hold. */
export interface MessageFacts {
  folder: string;
  internetMessageId: string;
  sha256: string;
  isRead: boolean;
  flagStatus: string;
}

const sortFacts = (a: MessageFacts[]) =>
  a.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));

/** The simulator's current messages of a mailbox (every folder, notes included). */
export async function truthFacts(userId: string): Promise<MessageFacts[]> {
  const digest = await mailboxDigest(userId);
  return sortFacts(
    digest.entries
      .filter((e) => !e.key.endsWith('/'))
      .map((e) => ({
        folder: String(e.props.folder).split('/').pop()!,
        internetMessageId: e.key.slice(e.key.lastIndexOf('|') + 1),
        sha256: e.contentHash,
        isRead: Boolean(e.props.isRead),
        flagStatus: String(e.props.flagStatus),
      })),
  );
}

/** The messages and notes of snapshot `seq`, described like truthFacts. */
export async function snapshotFacts(
  accountId: string,
  entityId: string,
  seq: number,
): Promise<MessageFacts[]> {
  const catalog = catalogOf(accountId, entityId) as unknown as Pick<
    EntityCatalog,
    'snapshotFolders'
  >;
  const folders = new Map<string, string>();
  for (const f of await catalog.snapshotFolders(seq)) folders.set(f.graphId, f.name);
  const items = [
    ...(await snapshotOf(accountId, entityId, seq, 'message')),
    ...(await snapshotOf(accountId, entityId, seq, 'note')),
  ];
  return sortFacts(
    items.map((i) => ({
      folder: folders.get(i.folderGraphId) ?? '?',
      internetMessageId: String(i.meta.internetMessageId),
      sha256: i.sha256,
      isRead: Boolean(i.meta.isRead),
      flagStatus: String(
        (i.meta.flag as { flagStatus?: string } | null)?.flagStatus ?? 'notFlagged',
      ),
    })),
  );
}

export async function addFault(fault: Record<string, unknown>): Promise<string> {
  return (await sim<{ id: string }>('/_sim/faults', { body: fault })).id;
}

export async function faultFired(id: string): Promise<number> {
  return (await sim<{ fired: number }>(`/_sim/faults/${id}`)).fired;
}

export async function removeFault(id: string): Promise<void> {
  await sim(`/_sim/faults/${id}`, { method: 'DELETE' });
}

/**
 * Catalog rows = stored blobs: every chunk the catalog references is in the region store,
 * and the store holds no blob the catalog does not reference.
 */
export async function catalogMatchesStore(f: BackupFixture, entityId: string) {
  const catalog = catalogOf(f.user.accountId, entityId);
  const referenced = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await catalog.blobIds(after, 1000);
    for (const id of page.ids) referenced.add(id);
    if (!page.next) break;
    after = page.next;
  }
  const store = blobStoreForRegion(env, f.region);
  const prefix = `v1/${f.user.accountId}/${entityId}/b/`;
  const stored = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor, 1000);
    for (const key of page.keys) stored.add(key.slice(key.lastIndexOf('/') + 1));
    cursor = page.cursor;
  } while (cursor);
  return { referenced: [...referenced].sort(), stored: [...stored].sort() };
}
