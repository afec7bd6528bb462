/** A group's mailbox content (conversations, calendar): lookup and throttling. */
import { groupOr404 } from '../directory.ts';
import type { Ctx, ThrottleClass } from '../http.ts';

/** Group conversations and calendar count against the group mailbox's limits. */
export const groupMailbox = (ctx: Ctx): ThrottleClass => ({
  kind: 'mailbox',
  key: (ctx.params['group-id'] ?? '').toLowerCase(),
});

/** Route options of a group-mailbox request. */
export const GROUP_MAILBOX = { throttle: groupMailbox };

/** The group a request names and its content. */
export function groupContentAt(ctx: Ctx) {
  const g = groupOr404(ctx.sim, ctx.params['group-id']);
  return { g, c: ctx.sim.tenant.groupContentOf(g) };
}
