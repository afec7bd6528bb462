/** Teams throttling: each route's request type, scoped to the addressed channel (or team). */
import type { TeamsBucket } from '../../throttle.ts';
import type { Ctx, ThrottleClass } from '../http.ts';

/** Teams limits: the request type's bucket, scoped to the addressed channel (or team). */
export const teamsThrottle =
  (bucket: TeamsBucket) =>
  (ctx: Ctx): ThrottleClass => {
    const team = (ctx.params['team-id'] ?? ctx.params['group-id'] ?? '').toLowerCase();
    const channel = ctx.params['channel-id'];
    return {
      kind: 'teams',
      bucket,
      scope: channel ? `channel:${team}/${channel}` : `team:${team}`,
    };
  };

/** Route options per request type of https://learn.microsoft.com/graph/throttling-limits#microsoft-teams-service-limits */
export const TEAMS_REQUEST_TYPES = {
  getTeam: { throttle: teamsThrottle('getTeamOrChannel') },
  getChannels: { throttle: teamsThrottle('getChannels') },
  getMembers: { throttle: teamsThrottle('getMembers') },
  otherGet: { throttle: teamsThrottle('otherGet') },
  other: { throttle: teamsThrottle('other') },
  getMsgs: { throttle: teamsThrottle('getChannelMessage') },
  postMsgs: { throttle: teamsThrottle('postChannelMessage') },
};
