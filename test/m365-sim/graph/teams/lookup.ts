/** Finding the team, channel and channel message a request names. */
import type { StoredItem } from '../../store.ts';
import type { Channel, ChatMessageData, Group, Team } from '../../tenant.ts';
import { GraphError, type Ctx } from '../http.ts';

export const nf = (what = 'Resource not found') => new GraphError(404, 'NotFound', what);

export function teamOr404(ctx: Ctx): { g: Group; team: Team } {
  const g = ctx.sim.tenant.group(ctx.params['team-id'] ?? ctx.params['group-id'] ?? '');
  const team = g ? ctx.sim.tenant.team(g.id) : undefined;
  if (!g || !team || team.deleted)
    throw nf(`No team found with Group Id ${ctx.params['team-id'] ?? ''}`);
  return { g, team };
}

export function channelOr404(ctx: Ctx): { g: Group; team: Team; ch: Channel } {
  const { g, team } = teamOr404(ctx);
  const ref = ctx.params['channel-id'] ?? '';
  const ch = team.channels.find((c) => c.id === ref && !c.deleted);
  if (!ch) throw nf('Channel not found');
  return { g, team, ch };
}

export function messageOr404(
  ch: Channel,
  id: string | undefined,
  parent?: StoredItem<ChatMessageData>,
): StoredItem<ChatMessageData> {
  const it = ch.messages.all(parent ? String(parent.key) : '').find((m) => m.data.msgId === id);
  if (!it) throw nf('Message not found');
  return it;
}
