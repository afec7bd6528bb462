/** The drive of a user, group or site, and /drives/{id} with its root. */
import type { Drive } from '../../tenant.ts';
import { groupOr404 } from '../directory.ts';
import { select, type Router } from '../http.ts';
import { listResponse } from '../paging.ts';
import { driveOr404, itemNotFound, itemOf, siteDrive, userDrive } from './lookup.ts';
import { renderDrive, renderItem } from './render.ts';
import { oneUnit, twoUnits } from './resource-units.ts';

export function registerDriveRoutes(r: Router): void {
  r.get(
    '/users/{user-id}/drive',
    (ctx) => ({ status: 200, json: renderDrive(userDrive(ctx)) }),
    oneUnit,
  );
  r.get(
    '/users/{user-id}/drives',
    (ctx) => listResponse(ctx, [renderDrive(userDrive(ctx))], { defaultPage: 200, maxPage: 1000 }),
    twoUnits,
  );
  r.get(
    '/groups/{group-id}/drive',
    (ctx) => ({
      status: 200,
      json: renderDrive(
        ctx.sim.tenant.groupContentOf(groupOr404(ctx.sim, ctx.params['group-id'])).drive,
      ),
    }),
    oneUnit,
  );
  r.get(
    '/groups/{group-id}/drives',
    (ctx) =>
      listResponse(
        ctx,
        [
          renderDrive(
            ctx.sim.tenant.groupContentOf(groupOr404(ctx.sim, ctx.params['group-id'])).drive,
          ),
        ],
        { defaultPage: 200, maxPage: 1000 },
      ),
    twoUnits,
  );
  r.get(
    '/sites/{site-id}/drive',
    (ctx) => ({ status: 200, json: renderDrive(siteDrive(ctx.sim, ctx.params['site-id'] ?? '')) }),
    oneUnit,
  );
  r.get(
    '/sites/{site-id}/drives',
    (ctx) => {
      const s = ctx.sim.tenant.site(ctx.params['site-id'] ?? '');
      if (!s) throw itemNotFound();
      return listResponse(
        ctx,
        s.lists.filter((l) => l.drive).map((l) => renderDrive(l.drive as Drive)),
        { defaultPage: 200, maxPage: 1000 },
      );
    },
    twoUnits,
  );
  r.get(
    '/drives/{drive-id}',
    (ctx) => ({
      status: 200,
      json: select(renderDrive(driveOr404(ctx)), ctx.req.query.get('$select')),
    }),
    oneUnit,
  );
  r.get(
    '/drives/{drive-id}/root',
    (ctx) => {
      const d = driveOr404(ctx);
      return { status: 200, json: renderItem(ctx, d, itemOf(ctx, d, 'root'), false) };
    },
    oneUnit,
  );
}
