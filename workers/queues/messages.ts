import { z } from 'zod';

/**
 * What may travel on each work queue. Every message is an object `{ v, kind, … }`: `kind`
 * says what to do and `v` the version of that kind's schema. A queue accepts the union of
 * its kinds; changing a kind's shape means a new `v` next to the old one until the queue
 * has drained, so messages in flight during a deploy still parse.
 *
 * The foundation declares the queues but no work yet, so both unions are empty: every
 * message is invalid, which the consumer treats as permanent (see handler.ts). Later issues
 * add entries such as
 * `z.object({ v: z.literal(1), kind: z.literal('backup.run'), accountId: z.string(), … })`.
 */
export const BackupWorkMessage = z.union([]);
export type BackupWorkMessage = z.infer<typeof BackupWorkMessage>;

export const RecoveryWorkMessage = z.union([]);
export type RecoveryWorkMessage = z.infer<typeof RecoveryWorkMessage>;
