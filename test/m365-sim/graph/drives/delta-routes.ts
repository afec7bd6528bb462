/** Drive delta from the root, with and without a token. */
import { encodeDriveItemId } from '../../ids.ts';
import type { Tombstone } from '../../store.ts';
import { GraphError, type Ctx, type Router } from '../http.ts';
import { storeDelta } from '../paging.ts';
import { ITEM_PATH, itemAt } from './lookup.ts';
import { renderItem } from './render.ts';
import { spoDelta } from './resource-units.ts';

export function registerDeltaRoutes(r: Router): void {
  const delta = (ctx: Ctx) => {
    const { d, it } = itemAt(ctx);
    if (it.key !== d.rootKey)
      throw new GraphError(
        400,
        'invalidRequest',
        'Delta is only supported on the root of a drive.',
      );
    return storeDelta(ctx, d.items, null, {
      render: (x) => renderItem(ctx, d, x, false),
      removed: (t: Tombstone) => ({
        id: encodeDriveItemId(d.scope, t.key),
        parentReference: { driveId: d.id },
        deleted: { state: 'deleted' },
      }),
      defaultPage: 200,
      maxPage: 1000,
      style: 'drive',
      reset: new GraphError(
        410,
        'resyncRequired',
        "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
        {},
        'resyncChangesApplyDifferences',
      ),
    });
  };
  r.get(`${ITEM_PATH}/delta()`, delta, { throttle: spoDelta });
  r.get(`${ITEM_PATH}/delta(token='{token}')`, delta, { throttle: spoDelta });
}
