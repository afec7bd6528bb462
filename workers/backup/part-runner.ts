/**
 * The backup-work consumer for one `backup.part` message: a bounded slice of one entity's
 * sub-service for run `seq` (DESIGN §2). Each delta page is stored (blobs first), then
 * committed to the EntityCatalog together with the cursor it advanced from — the catalog
 * refuses a page whose starting cursor is no longer current, so redelivered or duplicated
 * messages are harmless. When the slice's budget is spent the same message is enqueued again;
 * when every scope is done the outcome goes to the TenantCoordinator.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { and, eq } from 'drizzle-orm';
import { generateWrappedDataKey, openDataKey } from '../crypto';
import { createDb } from '../db/client';
import { accounts, backupTasks, protectedEntities } from '../db/schema';
import { KINDS_OF } from '../catalog/kinds';
import { DeltaResetError } from '../exchange/errors';
import { exchangeReaders } from '../exchange/index';
import { createGraphClient } from '../graph/client';
import { MailboxGovernor, governorOptionsFromEnv } from '../graph/governor';
import { GraphApiError } from '../graph/graph-error';
import { tenantGraphSettings } from '../graph/tenant-client';
import { GraphAuthError } from '../graph/token-provider';
import { markDisconnected } from '../services/backup-tasks/connect';
import { blobStoreForRegion } from '../storage/region-stores';
import { coordinatorStub } from './coordinator-stub';
import { ItemStoreError, storeItems } from './item-store';
import { failedOutcome, outcomeFromSummary } from './outcomes';
import { writeLogRecord } from './log-record';
import { type BackupPartMessage, type ScopeState, type SubServiceOutcome } from './types';
import { catalogStub } from './catalog-stub';

/** Wall-clock budget of one slice; the message is re-enqueued to continue. */
const SLICE_MS = 20_000;

/** Retry the message after this many seconds (a Retry-After the client handed back). */
export class RetryLater extends Error {
  constructor(
    readonly delaySeconds: number,
    override readonly cause: unknown,
  ) {
    super(`retry in ${delaySeconds}s`);
    this.name = 'RetryLater';
  }
}

export async function runBackupPart(msg: BackupPartMessage, env: Env): Promise<void> {
  const { accountId, runId, entityId, subService, seq } = msg;
  const key = { runId, entityId, subService };
  const coordinator = coordinatorStub(env, accountId);
  const status = await coordinator.partStatus(accountId, key);
  if (!status.active) return; // cancelled, or finished by an earlier delivery
  const startedAt = status.startedAt ?? Date.now();
  const finish = async (outcome: SubServiceOutcome) =>
    coordinator.partFinished(accountId, key, { ...outcome, executionMs: Date.now() - startedAt });

  const db = createDb(env.DB);
  const [account, task, entity] = await Promise.all([
    db.query.accounts.findFirst({ where: eq(accounts.id, accountId) }),
    db.query.backupTasks.findFirst({
      where: and(eq(backupTasks.accountId, accountId), eq(backupTasks.id, msg.taskId)),
    }),
    db.query.protectedEntities.findFirst({
      where: and(eq(protectedEntities.accountId, accountId), eq(protectedEntities.id, entityId)),
    }),
  ]);
  if (!account || !task || !entity)
    return finish(failedOutcome('The mailbox or its task was removed.'));
  if (!task.tenantId || task.connection !== 'connected') {
    return finish(
      failedOutcome(
        `The task is disconnected${task.connectionError ? `: ${task.connectionError}` : ''}.`,
      ),
    );
  }

  const catalog = catalogStub(env, accountId, entityId);
  const wrapped = await catalog.ensureDataKey(await generateWrappedDataKey(env.KEK_BASE64));
  const keys = await openDataKey(env.KEK_BASE64, wrapped);
  await catalog.setIndexing(task.indexForSearch);
  const store = blobStoreForRegion(env, account.region);
  const governor = new MailboxGovernor(
    governorOptionsFromEnv(env),
    await catalog.getGovernorState(),
  );
  const client: Client = createGraphClient({
    ...tenantGraphSettings(env),
    tenantId: task.tenantId,
    governor,
  });
  const reader = exchangeReaders[subService];
  const userId = entity.externalId;

  try {
    let scopes: ScopeState[];
    if (!status.planned) {
      const folders = await reader.listFolders(client, userId);
      scopes = await catalog.syncFolders(seq, subService, folders);
      await coordinator.partPlanned(accountId, key);
    } else {
      scopes = await catalog.pendingScopes(seq, subService);
    }
    const deadline = Date.now() + SLICE_MS;
    while (scopes.length > 0 && Date.now() < deadline) {
      const scope = scopes[0]!;
      let page;
      try {
        page = await reader.readPage(client, userId, scope.folderGraphId, scope.cursor);
      } catch (error) {
        if (!(error instanceof DeltaResetError)) throw error;
        // Sync state lost: enumerate the folder again; the catalog merges without duplicates.
        await catalog.resetScope(scope.scope);
        scopes = await catalog.pendingScopes(seq, subService);
        continue;
      }
      const stored = await storeItems(page.items, { store, keys, accountId, entityId });
      const kind = KINDS_OF[subService][0]!;
      const removals = [...page.removed.map((graphId) => ({ kind, graphId })), ...stored.gone];
      await writeLogRecord(store, keys, accountId, entityId, {
        seq,
        scope: scope.scope,
        cursorFrom: scope.cursor,
        cursorTo: page.next,
        upserts: stored.upserts.map((u) => ({
          graphId: u.graphId,
          kind: u.kind,
          folderGraphId: u.folderGraphId,
          sha256: u.sha256,
          size: u.size,
          chunks: u.chunks,
        })),
        removals,
      });
      const result = await catalog.commitPage({
        seq,
        subService,
        scope: scope.scope,
        expectedCursor: scope.cursor,
        nextCursor: page.next,
        scopeDone: page.done,
        upserts: stored.upserts,
        removals,
        failures: stored.failures,
        governor: governor.snapshot(),
      });
      // Another delivery of this part got there first; it carries on, this one stops.
      if (!result.accepted) return;
      await coordinator.partProgress(accountId, key, stored.upserts.length, stored.storedBytes);
      scopes = await catalog.pendingScopes(seq, subService);
    }
    if (scopes.length > 0) {
      await env.BACKUP_QUEUE.send(msg);
      return;
    }
    return finish(outcomeFromSummary(await catalog.runSummary(seq, subService)));
  } catch (error) {
    if (error instanceof GraphAuthError && error.permanent) {
      // Consent revoked or the secret is wrong: no retry helps. The task shows Disconnected.
      await markDisconnected(db, accountId, task.id, error.description || error.message);
      return finish(
        failedOutcome(`Microsoft 365 refused access: ${error.description || error.message}`),
      );
    }
    if (error instanceof GraphApiError && !error.retryable && !(error instanceof GraphAuthError)) {
      return finish(failedOutcome(`${error.code}: ${error.message}`));
    }
    await coordinator
      .partError(accountId, key, error instanceof Error ? error.message : String(error))
      .catch(() => undefined);
    // A Retry-After longer than the client waits in-line comes back here (also from one
    // item's fetch): the message is retried after it rather than hammering the mailbox.
    const cause = error instanceof ItemStoreError ? error.cause : error;
    if (cause instanceof GraphApiError && cause.retryAfterSeconds) {
      throw new RetryLater(cause.retryAfterSeconds, error);
    }
    throw error;
  }
}
