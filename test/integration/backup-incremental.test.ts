import { beforeAll, expect, it } from 'vitest';
import {
  backupNow,
  catalogOf,
  connectedTask,
  licensedUsers,
  sim,
  snapshotFacts,
  snapshotOf,
  truthFacts,
  type SimUser,
} from './support/engine';

/**
 * Incremental forever (C5): after adds, changes, moves and deletes in Microsoft 365 the new
 * snapshot equals the new ground truth, and the previous snapshot still equals the previous
 * one. Mailbox used: licensed user 1.
 */

let users: SimUser[];
beforeAll(async () => {
  users = await licensedUsers();
});

it('a second run records adds, changes, moves and deletes; the first snapshot is unchanged', async () => {
  const f = await connectedTask([users[1]!]);
  const entity = f.entities[0]!;
  const userId = entity.simUser.id;
  const first = await backupNow(f);
  expect(first.snapshots[0]!.status).toBe('succeeded');
  const seq1 = first.snapshots[0]!.seq;
  const truth1 = await truthFacts(userId);
  expect(await snapshotFacts(f.user.accountId, entity.id, seq1)).toEqual(truth1);

  const [changed, moved, deleted] = await snapshotOf(f.user.accountId, entity.id, seq1, 'message');
  await sim('/_sim/mutate', {
    body: [
      {
        op: 'mail.add',
        user: userId,
        folder: 'inbox',
        count: 3,
        subject: 'Arrived after the first run',
      },
      {
        op: 'mail.update',
        user: userId,
        id: changed!.graphId,
        isRead: false,
        flagStatus: 'flagged',
      },
      { op: 'mail.move', user: userId, id: moved!.graphId, folder: 'archive' },
      { op: 'mail.delete', user: userId, id: deleted!.graphId },
    ],
  });
  const truth2 = await truthFacts(userId);
  expect(truth2).not.toEqual(truth1);

  const second = await backupNow(f);
  const snap2 = second.snapshots[0]!;
  expect(snap2.status).toBe('succeeded');
  expect(snap2.seq).toBe(seq1 + 1);
  expect(await snapshotFacts(f.user.accountId, entity.id, snap2.seq)).toEqual(truth2);
  expect(await snapshotFacts(f.user.accountId, entity.id, seq1)).toEqual(truth1);

  const mail = snap2.subServices.mail!;
  expect(mail.added).toBeGreaterThanOrEqual(3);
  expect(mail.deleted).toBeGreaterThanOrEqual(1);
  // A move keeps the immutable id: the item is a new version of the same item, not a new one.
  const after = await snapshotOf(f.user.accountId, entity.id, snap2.seq, 'message');
  const movedNow = after.find((m) => m.graphId === moved!.graphId);
  expect(movedNow).toBeDefined();
  expect(movedNow!.folderGraphId).not.toBe(moved!.folderGraphId);
  expect(movedNow!.sha256).toBe(moved!.sha256);
  expect(after.some((m) => m.graphId === deleted!.graphId)).toBe(false);

  // Unchanged content is deduplicated: the move stored no new blob.
  const summary = await catalogOf(f.user.accountId, entity.id).runSummary(snap2.seq, 'mail');
  expect(summary.storedBytes).toBeLessThan(
    (await catalogOf(f.user.accountId, entity.id).runSummary(seq1, 'mail')).storedBytes,
  );
});
