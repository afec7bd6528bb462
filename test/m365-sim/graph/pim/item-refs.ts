/** Outlook item ids of contacts, events and To Do items: decoding a reference, encoding an id, delta tombstones. */
import { IMMUTABLE, decodeItemId, encodeItemId } from '../../ids.ts';
import type { ItemStore, StoredItem, Tombstone } from '../../store.ts';
import type { Mailbox } from '../../tenant.ts';
import { GraphError, type Ctx } from '../http.ts';
import { malformed } from '../mail/mailbox-access.ts';

export const nf = () =>
  new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

export function keyOf<T>(
  mb: Mailbox,
  store: ItemStore<T>,
  kind: number,
  ref: string | undefined,
): StoredItem<T> {
  if (!ref) throw malformed();
  const d = decodeItemId(ref);
  if (!d) throw malformed();
  if (d.kind !== kind || d.scope !== mb.scope) throw nf();
  const it = store.get(d.key);
  if (!it) throw nf();
  if (d.version !== IMMUTABLE && d.version !== it.moves) throw nf();
  return it;
}

export const idOf = (ctx: Ctx, mb: Mailbox, kind: number, it: { key: number; moves: number }) =>
  encodeItemId(kind, mb.scope, it.key, ctx.immutableIds ? IMMUTABLE : it.moves);

export const removedOf = (ctx: Ctx, mb: Mailbox, kind: number, type: string) => (t: Tombstone) => ({
  '@odata.type': `#microsoft.graph.${type}`,
  id: encodeItemId(kind, mb.scope, t.key, ctx.immutableIds ? IMMUTABLE : t.moves),
  '@removed': { reason: 'deleted' },
});
