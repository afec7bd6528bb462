import { z } from 'zod';
import { BackupPartMessage } from '../backup/types';

/**
 * What may travel on each work queue. Every message is an object `{ v, kind, … }`: `kind`
 * says what to do and `v` the version of that kind's schema. A queue accepts the union of
 * its kinds; changing a kind's shape means a new `v` next to the old one until the queue
 * has drained, so messages in flight during a deploy still parse. Messages carry ids and
 * cursors only, never item content.
 */
export const BackupWorkMessage = z.discriminatedUnion('kind', [BackupPartMessage]);
export type BackupWorkMessage = z.infer<typeof BackupWorkMessage>;

// Recovery work arrives with the recovery issue; until then nothing parses on that queue.
export const RecoveryWorkMessage = z.union([]);
export type RecoveryWorkMessage = z.infer<typeof RecoveryWorkMessage>;
