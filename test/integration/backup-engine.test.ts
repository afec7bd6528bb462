import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { protectedEntities, systemActivity } from '../../workers/db/schema';
import {
  backupNow,
  catalogMatchesStore,
  catalogOf,
  connectedTask,
  licensedUsers,
  mailboxDigest,
  snapshotOf,
  storedHash,
  type SimUser,
} from './support/engine';
import { db } from './support/fixtures';

/**
 * The backup engine end to end in workerd: TenantCoordinator → backup-work queue → consumer →
 * simulated tenant over HTTP → sealed blobs in the region store → EntityCatalog → D1 outcomes.
 * Mailboxes used here (licensed users by index): 0 (full backup), 8 (S3 region).
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
    expect(env.KEK_BASE64).not.toBe('');
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
