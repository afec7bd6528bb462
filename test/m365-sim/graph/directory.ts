/** Users, groups (members, owners), organization. */
import { registerGroupRoutes } from './directory/group-routes.ts';
import { registerOrganizationRoute } from './directory/organization-route.ts';
import { registerUserRoutes } from './directory/user-routes.ts';
import type { Router } from './http.ts';

export { groupOr404, userOr404 } from './directory/lookup.ts';
export { renderGroup, renderUser } from './directory/render.ts';

export function registerDirectory(r: Router): void {
  registerUserRoutes(r);
  registerGroupRoutes(r);
  registerOrganizationRoute(r);
}
