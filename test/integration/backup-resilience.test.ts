import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BackupPartMessage } from '../../workers/backup/types';
import type { TenantCoordinator } from '../../workers/durable/tenant-coordinator';
import {
  addFault,
  backupNow,
  catalogMatchesStore,
  connectedTask,
  coordinator,
  faultFired,
  licensedUsers,
  removeFault,
  runFinished,
  sim,
  snapshotFacts,
  snapshotOf,
  startBackup,
  truthFacts,
  type SimUser,
} from './support/engine';

/**
 * At-least-once delivery, crashes and Graph faults never lose or duplicate an item.
 * Mailboxes used (licensed users by index): 2 (crash and duplicates), 3 (faults), 4 (poison),
 * 5 and 6 (a batch with one failing message), 11 (a lost message).
 */

let users: SimUser[];
beforeAll(async () => {
  users = await licensedUsers();
});

function noDuplicates(ids: string[]) {
  expect(new Set(ids).size).toBe(ids.length);
}

describe('crash and redelivery', () => {
  it('a consumer dying mid-page and duplicate deliveries leave exactly the source, once', async () => {
    const f = await connectedTask([users[2]!]);
    const entity = f.entities[0]!;
    const userId = entity.simUser.id;
    // The third MIME download is cut after a few bytes: the slice throws mid-page, the queue
    // delivers the message again, and the page is read and stored once more.
    const cut = await addFault({
      kind: 'cut',
      path: `${userId}/messages/[^/]+/\\$value`,
      afterBytes: 64,
      count: 1,
    });
    const runId = await startBackup(f);
    // Two extra deliveries of the mail part while it runs.
    const duplicate = BackupPartMessage.parse({
      v: 1,
      kind: 'backup.part',
      accountId: f.user.accountId,
      taskId: f.taskId,
      runId,
      entityId: entity.id,
      subService: 'mail',
      seq: (await snapshotSeq(f, runId)) ?? 1,
    });
    await env.BACKUP_QUEUE.send(duplicate);
    await env.BACKUP_QUEUE.send(duplicate);
    const { snapshots } = await runFinished(f, runId);
    expect(await faultFired(cut)).toBe(1);
    await removeFault(cut);
    const snap = snapshots[0]!;
    expect(snap.status).toBe('succeeded');
    expect(await snapshotFacts(f.user.accountId, entity.id, snap.seq)).toEqual(
      await truthFacts(userId),
    );
    const items = await snapshotOf(f.user.accountId, entity.id, snap.seq);
    noDuplicates(items.map((i) => `${i.kind}:${i.graphId}`));
    const { referenced, stored } = await catalogMatchesStore(f, entity.id);
    expect(stored).toEqual(referenced);
  });

  it('a batch with one failing message retries only that one; both mailboxes complete', async () => {
    const f = await connectedTask([users[5]!, users[6]!]);
    const failing = f.entities[0]!.simUser.id;
    const cut = await addFault({
      kind: 'cut',
      path: `${failing}/messages/[^/]+/\\$value`,
      afterBytes: 10,
      count: 2,
    });
    const { run, snapshots } = await backupNow(f);
    await removeFault(cut);
    for (const s of snapshots) expect(s.reason).toBeNull();
    expect(run.status).toBe('succeeded');
    for (const e of f.entities) {
      const snap = snapshots.find((s) => s.entityId === e.id)!;
      expect(snap.status).toBe('succeeded');
      expect(await snapshotFacts(f.user.accountId, e.id, snap.seq)).toEqual(
        await truthFacts(e.simUser.id),
      );
    }
  });
});

describe('Graph faults', () => {
  it('429 storms, 503s, token expiry, a delta reset, a vanished item and a cut download: nothing lost', async () => {
    const f = await connectedTask([users[3]!]);
    const entity = f.entities[0]!;
    const userId = entity.simUser.id;
    const first = await backupNow(f);
    expect(first.snapshots[0]!.status).toBe('succeeded');
    const [vanishing] = await snapshotOf(
      f.user.accountId,
      entity.id,
      first.snapshots[0]!.seq,
      'message',
    );

    await sim('/_sim/mutate', {
      body: [{ op: 'mail.add', user: userId, folder: 'inbox', count: 5, subject: 'During faults' }],
    });
    await sim('/_sim/delta/reset', { body: { mailbox: userId } });
    await sim('/_sim/tokens/expire', { body: {} });
    const faults = [
      await addFault({
        kind: 'status',
        status: 429,
        retryAfter: 1,
        path: `${userId}/mailFolders`,
        count: 4,
      }),
      await addFault({
        kind: 'status',
        status: 503,
        retryAfter: 1,
        path: `${userId}/contacts`,
        count: 2,
      }),
      await addFault({
        kind: 'cut',
        path: `${userId}/messages/[^/]+/\\$value`,
        afterBytes: 32,
        count: 1,
      }),
      // The first MIME fetch finds its message deleted in the meantime.
      await addFault({
        kind: 'vanish',
        path: `${userId}/messages/${vanishing!.graphId}/\\$value`,
        count: 1,
      }),
    ];
    const second = await backupNow(f);
    for (const id of faults.slice(0, 3)) expect(await faultFired(id)).toBeGreaterThan(0);
    for (const id of faults) await removeFault(id);
    const snap = second.snapshots[0]!;
    expect(['succeeded', 'partial']).toContain(snap.status);
    if (snap.status === 'partial') expect(snap.reason).toBeTruthy();
    expect(await snapshotFacts(f.user.accountId, entity.id, snap.seq)).toEqual(
      await truthFacts(userId),
    );
    const items = await snapshotOf(f.user.accountId, entity.id, snap.seq);
    noDuplicates(items.map((i) => `${i.kind}:${i.graphId}`));
  });
});

describe('poison message', () => {
  it('a part that fails every attempt ends in the dead-letter queue and a partial outcome naming the item', async () => {
    const f = await connectedTask([users[4]!]);
    const entity = f.entities[0]!;
    const userId = entity.simUser.id;
    const poison = await addFault({
      kind: 'cut',
      path: `${userId}/messages/[^/]+/\\$value`,
      afterBytes: 16,
      count: 1000,
    });
    const { snapshots } = await backupNow(f, undefined, 180_000);
    await removeFault(poison);
    const snap = snapshots[0]!;
    expect(snap.status).toBe('partial');
    expect(snap.subServices.mail!.outcome).toMatch(/partial|failed/);
    expect(snap.subServices.mail!.reason).toMatch(/failed attempts: while backing up item \S+/);
    expect(snap.reason).toContain('Mail:');
    // The other sub-services were not held hostage by the poisoned one.
    expect(snap.subServices.contacts!.outcome).toBe('succeeded');
  });
});

async function snapshotSeq(f: { user: { accountId: string } }, runId: string) {
  const { db } = await import('./support/fixtures');
  const row = await db.query.snapshots.findFirst({
    where: (s, { and, eq }) => and(eq(s.accountId, f.user.accountId), eq(s.runId, runId)),
  });
  return row?.seq;
}

describe('lost messages', () => {
  it('a part whose consumer went silent is sent again, and the run still ends exact', async () => {
    const f = await connectedTask([users[11]!]);
    const entity = f.entities[0]!;
    const userId = entity.simUser.id;
    // The first slice stalls on the folder listing, as a consumer that vanished would.
    const hold = await addFault({ kind: 'hold', path: `${userId}/mailFolders` });
    const runId = await startBackup(f);
    await vi.waitFor(
      async () => {
        if ((await sim<{ holding: number }>(`/_sim/faults/${hold}`)).holding === 0) {
          throw new Error('not stalled yet');
        }
      },
      { timeout: 30_000, interval: 100 },
    );
    const stub = coordinator(f.user.accountId);
    // Ten minutes without a sign of life.
    await runInDurableObject(stub, (_i: TenantCoordinator, state) => {
      state.storage.sql.exec(
        `UPDATE parts SET beat_at = ? WHERE state = 'queued'`,
        Date.now() - 3_600_000,
      );
    });
    expect(await stub.resendSilentParts(f.user.accountId)).toBe(1);
    // Its heartbeat was reset: the next pass does not send it again.
    expect(await stub.resendSilentParts(f.user.accountId)).toBe(0);
    await sim(`/_sim/faults/${hold}/release`, { body: {} });
    await removeFault(hold);
    const { snapshots } = await runFinished(f, runId);
    const snap = snapshots[0]!;
    expect(snap.status).toBe('succeeded');
    expect(await snapshotFacts(f.user.accountId, entity.id, snap.seq)).toEqual(
      await truthFacts(userId),
    );
    noDuplicates(
      (await snapshotOf(f.user.accountId, entity.id, snap.seq)).map(
        (i) => `${i.kind}:${i.graphId}`,
      ),
    );
  });
});
