/** A driveItem: get, rename/move, delete, list children and create folders. */
import { deleteDriveTree, folderData } from '../../drive.ts';
import { isoAt } from '../../tenant.ts';
import { GraphError, select, type Router } from '../http.ts';
import { listResponse } from '../paging.ts';
import { conflictOf, uniqueName } from './file-writes.ts';
import { ITEM_PATH, itemAt, itemNotFound, itemOf, vanishItem } from './lookup.ts';
import { renderItem } from './render.ts';
import { spo, twoUnits } from './resource-units.ts';

export function registerItemRoutes(r: Router): void {
  r.get(
    ITEM_PATH,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      return {
        status: 200,
        json: select(renderItem(ctx, d, it, true), ctx.req.query.get('$select')),
      };
    },
    { throttle: spo(1), vanish: vanishItem },
  );
  r.patch(
    ITEM_PATH,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      const j = ctx.json<{
        name?: string;
        parentReference?: { id?: string };
        fileSystemInfo?: { lastModifiedDateTime?: string; createdDateTime?: string };
      }>();
      const parent = j.parentReference?.id
        ? itemOf(ctx, d, j.parentReference.id).key
        : it.data.parentKey;
      const name = j.name ?? it.data.name;
      const clash = d.childByName(parent, name);
      if (clash !== undefined && clash !== it.key)
        throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
      const up = d.items.update(it.key, (x) => ({
        ...x,
        name,
        parentKey: parent,
        ...(j.fileSystemInfo?.lastModifiedDateTime
          ? { lastModifiedDateTime: isoAt(Date.parse(j.fileSystemInfo.lastModifiedDateTime)) }
          : {}),
        ...(j.fileSystemInfo?.createdDateTime
          ? { createdDateTime: isoAt(Date.parse(j.fileSystemInfo.createdDateTime)) }
          : {}),
        eTagVersion: x.eTagVersion + 1,
      }));
      if (!up) throw itemNotFound();
      return { status: 200, json: renderItem(ctx, d, up, false) };
    },
    twoUnits,
  );
  r.delete(
    ITEM_PATH,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      if (it.key === d.rootKey)
        throw new GraphError(403, 'accessDenied', 'The root of a drive cannot be deleted.');
      deleteDriveTree(d, it.key);
      return { status: 204 };
    },
    twoUnits,
  );
  r.get(
    `${ITEM_PATH}/children`,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      const rows = d.items
        .all(null)
        .filter((c) => c.data.parentKey === it.key && c.key !== d.rootKey)
        .map((c) => renderItem(ctx, d, c, true));
      return listResponse(ctx, rows, { defaultPage: 200, maxPage: 1000 });
    },
    twoUnits,
  );
  r.post(
    `${ITEM_PATH}/children`,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      const j = ctx.json<{
        name?: string;
        folder?: object;
        file?: object;
        '@microsoft.graph.conflictBehavior'?: string;
      }>();
      if (!j.name) throw new GraphError(400, 'invalidRequest', 'The name is missing.');
      if (!j.folder)
        throw new GraphError(
          400,
          'invalidRequest',
          'Only folders can be created with POST children; upload files with PUT.',
        );
      const conflict = conflictOf(j['@microsoft.graph.conflictBehavior'], 'fail');
      const existing = d.childByName(it.key, j.name);
      if (existing !== undefined) {
        if (conflict === 'fail')
          throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
        if (conflict === 'replace') {
          const cur = d.items.get(existing);
          if (cur?.data.folder) return { status: 201, json: renderItem(ctx, d, cur, false) };
          deleteDriveTree(d, existing);
        }
      }
      const name =
        existing !== undefined && conflict === 'rename' ? uniqueName(d, it.key, j.name) : j.name;
      const f = d.items.create(
        '',
        folderData(name, it.key, 'Bulwark Backup (demo)', isoAt(Date.now())),
      );
      return { status: 201, json: renderItem(ctx, d, f, false) };
    },
    twoUnits,
  );
}
