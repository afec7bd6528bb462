/** OneDrive / SharePoint document libraries: drives, driveItems, children, delta, content (302 + Range), upload sessions, versions (the route groups live in graph/drives/). */
import type { Sim } from '../sim.ts';
import { registerContentRoutes } from './drives/content-routes.ts';
import { registerDeltaRoutes } from './drives/delta-routes.ts';
import { registerDriveRoutes } from './drives/drive-routes.ts';
import { registerItemRoutes } from './drives/item-routes.ts';
import { driveRewriter } from './drives/path-rewriter.ts';
import type { Router } from './http.ts';

export { driveOr404 } from './drives/lookup.ts';
export { contentSlice, renderDrive, renderItem } from './drives/render.ts';
export { spo, spoDelta } from './drives/resource-units.ts';
export { registerUploads } from './drives/upload-fragments.ts';
export { driveRewriter };

export function registerDrives(r: Router, sim: Sim): void {
  sim.rewriters.push(driveRewriter);
  registerDriveRoutes(r);
  registerItemRoutes(r);
  registerContentRoutes(r);
  registerDeltaRoutes(r);
}
