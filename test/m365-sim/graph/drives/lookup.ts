/** Finding the drive and drive item a Graph request names. */
import { deleteDriveTree } from '../../drive.ts';
import { decodeDriveItemId } from '../../ids.ts';
import type { Sim } from '../../sim.ts';
import type { StoredItem } from '../../store.ts';
import type { Drive, DriveItemData } from '../../tenant.ts';
import { userOr404 } from '../directory.ts';
import { GraphError, type Ctx } from '../http.ts';

export const ITEM_PATH = '/drives/{drive-id}/items/{driveItem-id}';

export const itemNotFound = () =>
  new GraphError(404, 'itemNotFound', 'The resource could not be found.');

export function driveOr404(ctx: Ctx): Drive {
  const d = ctx.sim.tenant.drive(ctx.params['drive-id'] ?? '');
  if (!d) throw new GraphError(404, 'itemNotFound', 'The drive could not be found.');
  return d;
}

export function userDrive(ctx: Ctx): Drive {
  const u = userOr404(ctx.sim, ctx.params['user-id']);
  const d = ctx.sim.tenant.userDrive(u);
  if (!d) throw new GraphError(404, 'ResourceNotFound', "User's mysite not found.");
  return d;
}

export function siteDrive(sim: Sim, siteId: string): Drive {
  const s = sim.tenant.site(siteId);
  const d = s?.lists.find((l) => l.drive)?.drive;
  if (!d) throw new GraphError(404, 'itemNotFound', 'The site could not be found.');
  return d;
}

export function itemOf(ctx: Ctx, d: Drive, ref: string | undefined): StoredItem<DriveItemData> {
  if (!ref) throw itemNotFound();
  if (ref.toLowerCase() === 'root') {
    const r = d.items.get(d.rootKey);
    if (!r) throw itemNotFound();
    return r;
  }
  const dec = decodeDriveItemId(ref);
  if (!dec) throw new GraphError(400, 'invalidRequest', 'Invalid request');
  const it = dec.scope === d.scope ? d.items.get(dec.key) : undefined;
  if (!it) throw itemNotFound();
  return it;
}

/** The drive and item of an {ITEM_PATH} request (`ROOT` is the drive's root). */
export function itemAt(ctx: Ctx): { d: Drive; it: StoredItem<DriveItemData> } {
  const d = driveOr404(ctx);
  const ref = ctx.params['driveItem-id'] ?? '';
  return { d, it: itemOf(ctx, d, ref === 'ROOT' ? 'root' : ref) };
}

/** Fault injection: the item disappears (with its subtree) before the request is served. */
export function vanishItem(ctx: Ctx): void {
  try {
    const { d, it } = itemAt(ctx);
    if (it.key !== d.rootKey) deleteDriveTree(d, it.key);
  } catch {
    // already gone
  }
}
