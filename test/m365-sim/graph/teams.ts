/** Teams, channels (private included), channel messages and replies (delta, import), group conversations and group calendars (the route groups live in graph/teams/ and graph/groups/). */
import { registerGroupCalendarRoutes } from './groups/calendar-routes.ts';
import { registerConversationRoutes } from './groups/conversation-routes.ts';
import type { Router } from './http.ts';
import { registerChannelMessageRoutes } from './teams/message-routes.ts';
import { registerTeamRoutes } from './teams/team-routes.ts';

export function registerTeams(r: Router): void {
  registerTeamRoutes(r);
  registerChannelMessageRoutes(r);
  registerConversationRoutes(r);
  registerGroupCalendarRoutes(r);
}
