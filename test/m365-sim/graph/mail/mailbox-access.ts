/** Reaching a mailbox and its folders and messages from a request; the route options mailbox routes share. */
import { decodeItemId, encodeItemId, IMMUTABLE, Kind } from '../../ids.ts';
import type { StoredItem } from '../../store.ts';
import type { Mailbox, MessageData } from '../../tenant.ts';
import { userOr404 } from '../directory.ts';
import { type Ctx, GraphError, type ThrottleClass } from '../http.ts';

export function mailboxOf(ctx: Ctx, param = 'user-id'): Mailbox {
  const u = userOr404(ctx.sim, ctx.params[param]);
  const mb = ctx.sim.tenant.mailbox(u);
  if (!mb)
    throw new GraphError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  return mb;
}

export const mailboxThrottle = (ctx: Ctx): ThrottleClass => {
  const ref = ctx.params['user-id'] ?? '';
  const u = ctx.sim.tenant.user(ref);
  return { kind: 'mailbox', key: u?.id ?? ref.toLowerCase() };
};

export function malformed(): GraphError {
  return new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
}

// ------------------------------------------------------------------ ids

export function folderId(mb: Mailbox, key: number): string {
  return encodeItemId(Kind.mailFolder, mb.scope, key, 0);
}

export function messageId(ctx: Ctx, mb: Mailbox, it: { key: number; moves: number }): string {
  return encodeItemId(Kind.message, mb.scope, it.key, ctx.immutableIds ? IMMUTABLE : it.moves);
}

export function folderKey(ctx: Ctx, mb: Mailbox, ref: string | undefined): number {
  if (!ref) throw malformed();
  const wk = mb.folderByWellKnown.get(ref.toLowerCase());
  if (wk !== undefined) return wk;
  const d = decodeItemId(ref);
  if (!d) throw malformed();
  if (d.kind !== Kind.mailFolder || d.scope !== mb.scope || !mb.folders.get(d.key))
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  return d.key;
}

export function messageItem(
  ctx: Ctx,
  mb: Mailbox,
  ref: string | undefined,
): StoredItem<MessageData> {
  if (!ref) throw malformed();
  const d = decodeItemId(ref);
  if (!d) throw malformed();
  const nf = () =>
    new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (d.kind !== Kind.message || d.scope !== mb.scope) throw nf();
  const it = mb.messages.get(d.key);
  if (!it) throw nf();
  if (d.version !== IMMUTABLE && d.version !== it.moves) throw nf();
  return it;
}

/** Every mailbox route is addressed through its user. */
export const USER_PATH = '/users/{user-id}';

/** A message is addressed directly or through its folder. */
export const MESSAGE_PATHS = [
  `${USER_PATH}/messages/{message-id}`,
  `${USER_PATH}/mailFolders/{mailFolder-id}/messages/{message-id}`,
];

export const mailboxRoute = { throttle: mailboxThrottle };

/** Fault injection's "vanish": the message is deleted before the request is answered. */
function vanishMessage(ctx: Ctx): void {
  try {
    const mb = mailboxOf(ctx);
    const it = messageItem(ctx, mb, ctx.params['message-id']);
    mb.messages.delete(it.key);
  } catch {
    // already gone
  }
}

export const messageRoute = { throttle: mailboxThrottle, vanish: vanishMessage };
