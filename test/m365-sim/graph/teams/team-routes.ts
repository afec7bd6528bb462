/** Teams and their channels: team, channel list, channel, Files folder and members. */
import { renderItem } from '../drives.ts';
import { select, type Router } from '../http.ts';
import { listResponse } from '../paging.ts';
import { channelOr404, nf, teamOr404 } from './lookup.ts';
import { renderChannel, renderTeam } from './render.ts';
import { TEAMS_REQUEST_TYPES } from './request-types.ts';

export function registerTeamRoutes(r: Router): void {
  const { getTeam, getChannels, getMembers, otherGet } = TEAMS_REQUEST_TYPES;
  r.get(
    '/teams/{team-id}',
    (ctx) => {
      const { g, team } = teamOr404(ctx);
      return { status: 200, json: select(renderTeam(g, team), ctx.req.query.get('$select')) };
    },
    getTeam,
  );
  r.get(
    '/groups/{group-id}/team',
    (ctx) => {
      const { g, team } = teamOr404(ctx);
      return { status: 200, json: renderTeam(g, team) };
    },
    getTeam,
  );
  r.get(
    '/teams/{team-id}/channels',
    (ctx) => {
      const { g, team } = teamOr404(ctx);
      return listResponse(
        ctx,
        team.channels.filter((c) => !c.deleted).map((c) => renderChannel(g, c)),
        { defaultPage: 1000, maxPage: 1000 },
      );
    },
    getChannels,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}',
    (ctx) => {
      const { g, ch } = channelOr404(ctx);
      return { status: 200, json: renderChannel(g, ch) };
    },
    getTeam,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/filesFolder',
    (ctx) => {
      const { ch } = channelOr404(ctx);
      const d = ch.driveOfChannel;
      const it = d && ch.filesFolderKey !== undefined ? d.items.get(ch.filesFolderKey) : undefined;
      if (!d || !it) throw nf();
      return { status: 200, json: renderItem(ctx, d, it, false) };
    },
    otherGet,
  );
  r.get(
    '/teams/{team-id}/channels/{channel-id}/members',
    (ctx) => {
      const { ch } = channelOr404(ctx);
      const rows = ch.members
        .map((id) => ctx.sim.tenant.users.find((u) => u.id === id))
        .filter((u) => !!u)
        .map((u) => ({
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          id: Buffer.from(`${ch.id}#${u.id}`).toString('base64'),
          roles: [],
          displayName: u.displayName,
          userId: u.id,
          email: u.mail,
        }));
      return listResponse(ctx, rows, { defaultPage: 100, maxPage: 1000 });
    },
    getMembers,
  );
}
