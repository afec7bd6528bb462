import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWrappedDataKey, openDataKey } from '../../workers/crypto';
import { purgeDueEntities } from '../../workers/coordinator/housekeeping';
import { protectedEntities, systemActivity } from '../../workers/db/schema';
import {
  backupNow,
  catalogMatchesStore,
  catalogOf,
  connectedTask,
  licensedUsers,
  rawBlob,
  sharedMailbox,
  snapshotFacts,
  truthFacts,
  mailboxDigest,
  snapshotOf,
  storedHash,
  type SimUser,
} from './support/engine';
import { db } from './support/fixtures';

/**
 * The backup engine end to end in workerd: TenantCoordinator → backup-work queue → consumer →
 * simulated tenant over HTTP → sealed blobs in the region store → EntityCatalog → D1 outcomes.
 * Mailboxes used here (licensed users by index): 0 (full backup), 8 (S3 region), 9 (purge),
 * and the shared mailbox (read only).
 */

let users: SimUser[];
beforeAll(async () => {
  users = await licensedUsers();
});

describe('full backup', () => {
  it('stores every message of the mailbox, readable and equal to the source', async () => {
    const f = await connectedTask([users[0]!]);
    const entity = f.entities[0]!;
    const { run, snapshots } = await backupNow(f);
    expect(run.status).toBe('succeeded');
    expect(snapshots).toHaveLength(1);
    const snap = snapshots[0]!;
    expect(snap.status).toBe('succeeded');
    expect(Object.keys(snap.subServices).sort()).toEqual(
      ['calendar', 'contacts', 'mail', 'notes', 'tasks'].sort(),
    );
    for (const outcome of Object.values(snap.subServices))
      expect(outcome.outcome).toBe('succeeded');

    const truth = await mailboxDigest(entity.simUser.id);
    const messages = truth.entries.filter((e) => !e.key.endsWith('/'));
    const stored = [
      ...(await snapshotOf(f.user.accountId, entity.id, snap.seq, 'message')),
      ...(await snapshotOf(f.user.accountId, entity.id, snap.seq, 'note')),
    ];
    expect(stored.length).toBe(messages.length);
    expect(stored.map((i) => i.sha256).sort()).toEqual(messages.map((m) => m.contentHash).sort());
    // Read back through the store and decrypt: the bytes are the source's bytes.
    for (const item of stored.slice(0, 25)) {
      expect(await storedHash(f, entity.id, item.chunks)).toBe(item.sha256);
    }
    for (const kind of ['contact', 'event', 'task'] as const) {
      expect(
        (await snapshotOf(f.user.accountId, entity.id, snap.seq, kind)).length,
      ).toBeGreaterThan(0);
    }

    const row = await db.query.protectedEntities.findFirst({
      where: and(
        eq(protectedEntities.accountId, f.user.accountId),
        eq(protectedEntities.id, entity.id),
      ),
    });
    expect(row?.status).toBe('success');
    expect(row?.lastSeq).toBe(snap.seq);
    expect(row?.itemCount).toBeGreaterThanOrEqual(messages.length);
    expect(row?.backupBytes).toBeGreaterThan(0);
    const stats = await catalogOf(f.user.accountId, entity.id).stats();
    expect(row?.backupBytes).toBe(stats.storedBytes);

    const activity = await db
      .select()
      .from(systemActivity)
      .where(
        and(eq(systemActivity.accountId, f.user.accountId), eq(systemActivity.entityId, entity.id)),
      );
    expect(activity.map((a) => a.subService).sort()).toEqual(
      ['calendar', 'contacts', 'mail', 'notes', 'tasks'].sort(),
    );
    const mail = activity.find((a) => a.subService === 'mail')!;
    expect(mail.status).toBe('succeeded');
    expect(mail.description).toMatch(/^Mail completed \(.+@.+, \d+ items, .+ delta, \d+ min\)$/);
    // At rest the store holds sealed bytes only: a message's raw blob shows none of its
    // MIME headers, which the decrypted content does.
    const sealed = await rawBlob(f, entity.id, stored[0]!.chunks[0]!);
    expect(new TextDecoder().decode(sealed)).not.toMatch(/MIME-Version|Message-ID|Subject:/i);
    // …and only this mailbox's data key opens them.
    const otherKey = await openDataKey(
      env.KEK_BASE64,
      await generateWrappedDataKey(env.KEK_BASE64),
    );
    await expect(otherKey.open(sealed)).rejects.toThrow(/authentication/);

    // The search index (C9) was built during the backup: a stored subject finds its message.
    const sample = stored.find(
      (i) => typeof i.meta.subject === 'string' && /\w{4}/.test(String(i.meta.subject)),
    )!;
    const word = String(sample.meta.subject).match(/[A-Za-z]{4,}/)![0];
    const hits = await catalogOf(f.user.accountId, entity.id).search(word, {
      seq: snap.seq,
      limit: 100,
    });
    expect(hits.map((h) => h.graphId)).toContain(sample.graphId);
  });
});

describe('deletion', () => {
  it('a mailbox past its deletion grace period is purged: catalog, key, blobs and rows', async () => {
    const f = await connectedTask([users[9]!]);
    const entity = f.entities[0]!;
    expect((await backupNow(f)).snapshots[0]!.status).toBe('succeeded');
    expect((await catalogMatchesStore(f, entity.id)).stored.length).toBeGreaterThan(0);
    await db
      .update(protectedEntities)
      .set({ status: 'pending_deletion', purgeAfter: new Date(Date.now() - 1000) })
      .where(eq(protectedEntities.id, entity.id));
    expect(await purgeDueEntities(env, f.user.accountId, Date.now())).toEqual({ purged: 1 });
    const { referenced, stored } = await catalogMatchesStore(f, entity.id);
    expect(referenced).toEqual([]);
    expect(stored).toEqual([]);
    expect((await catalogOf(f.user.accountId, entity.id).stats()).items).toBe(0);
    expect(
      await db.query.protectedEntities.findFirst({ where: eq(protectedEntities.id, entity.id) }),
    ).toBeUndefined();
  });
});

describe('mailbox kinds', () => {
  it('a shared mailbox, which needs no licence, is backed up exactly', async () => {
    const shared = await sharedMailbox();
    expect(shared.licensed).toBe(false);
    const f = await connectedTask([shared]);
    const entity = f.entities[0]!;
    const { snapshots } = await backupNow(f);
    expect(snapshots[0]!.status).toBe('succeeded');
    expect(await snapshotFacts(f.user.accountId, entity.id, snapshots[0]!.seq)).toEqual(
      await truthFacts(shared.id),
    );
  });
});

describe('region stores', () => {
  it('an account in an S3 region keeps its blobs in that store, encrypted and readable', async () => {
    const f = await connectedTask([users[8]!], { region: 'au' });
    const entity = f.entities[0]!;
    const { snapshots } = await backupNow(f);
    expect(snapshots[0]!.status).toBe('succeeded');
    const { referenced, stored } = await catalogMatchesStore(f, entity.id);
    expect(referenced.length).toBeGreaterThan(0);
    expect(stored).toEqual(referenced);
    const items = await snapshotOf(f.user.accountId, entity.id, snapshots[0]!.seq, 'message');
    for (const item of items.slice(0, 5)) {
      expect(await storedHash(f, entity.id, item.chunks)).toBe(item.sha256);
    }
  });
});
