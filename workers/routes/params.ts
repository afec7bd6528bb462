import { z } from '@hono/zod-openapi';

/** Pieces of paths, queries and answers that several backup routes share, worded once. */

/** An id we issued (task, mailbox, tag) as a client sends it back: bounded before lookup. */
export const ResourceId = z.string().min(1).max(64);

/** Path parameters holding one id, e.g. `idParam('taskId')` for `/tasks/{taskId}`. */
export function idParam<const K extends string>(name: K) {
  const schema = ResourceId.openapi({ param: { name, in: 'path' } });
  return z.object({ [name]: schema } as Record<K, typeof schema>);
}

/** `limit` of a keyset-paged list. */
export const PageLimit = z.coerce
  .number()
  .int()
  .min(1, 'The limit is 1–200.')
  .max(200, 'The limit is 1–200.')
  .default(50);

export const IsoTime = z.string().openapi({ format: 'date-time' });
