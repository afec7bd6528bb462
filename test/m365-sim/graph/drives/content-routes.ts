/** File content: download (302), simple upload, upload sessions and versions. */
import { randomUUID } from 'node:crypto';
import { encodeDriveItemId } from '../../ids.ts';
import type { UploadSession } from '../../sim.ts';
import { GraphError, type Router } from '../http.ts';
import { listResponse } from '../paging.ts';
import { conflictOf, parseNew, writeFile } from './file-writes.ts';
import { ITEM_PATH, driveOr404, itemAt, itemNotFound, itemOf, vanishItem } from './lookup.ts';
import { downloadUrl, renderItem } from './render.ts';
import { oneUnit, spo, twoUnits } from './resource-units.ts';

export function registerContentRoutes(r: Router): void {
  r.get(
    `${ITEM_PATH}/content`,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      if (it.data.folder) throw new GraphError(400, 'invalidRequest', 'Cannot download a folder.');
      return { status: 302, headers: { Location: downloadUrl(ctx.sim, d, it.key, null) } };
    },
    { throttle: spo(1), vanish: vanishItem },
  );
  r.put(
    `${ITEM_PATH}/content`,
    (ctx) => {
      const d = driveOr404(ctx);
      const ref = ctx.params['driveItem-id'] ?? '';
      const conflict = conflictOf(
        ctx.req.query.get('@microsoft.graph.conflictBehavior'),
        'replace',
      );
      if (ctx.req.body.length > 250 * 1024 * 1024)
        throw new GraphError(
          413,
          'requestTooLarge',
          'Use an upload session for files over 250 MB.',
        );
      const nw = parseNew(ref);
      if (nw) {
        if (Number.isNaN(nw.parent)) throw itemNotFound();
        const { item: created } = writeFile(d, nw.parent, nw.name, ctx.req.body, conflict);
        return { status: 201, json: renderItem(ctx, d, created, false) };
      }
      const it = itemOf(ctx, d, ref === 'ROOT' ? 'root' : ref);
      if (it.data.folder)
        throw new GraphError(400, 'invalidRequest', 'Cannot write content to a folder.');
      const res = writeFile(d, it.data.parentKey, it.data.name, ctx.req.body, 'replace', it.key);
      return { status: 200, json: renderItem(ctx, d, res.item, false) };
    },
    twoUnits,
  );
  r.post(
    `${ITEM_PATH}/createUploadSession`,
    (ctx) => {
      const d = driveOr404(ctx);
      const ref = ctx.params['driveItem-id'] ?? '';
      const j = ctx.json<{
        item?: { '@microsoft.graph.conflictBehavior'?: string; name?: string };
      }>();
      const conflict = conflictOf(j.item?.['@microsoft.graph.conflictBehavior'], 'replace');
      const nw = parseNew(ref);
      let parentKey: number;
      let name: string;
      let existingKey: number | undefined;
      if (nw) {
        if (Number.isNaN(nw.parent)) throw itemNotFound();
        parentKey = nw.parent;
        name = nw.name;
        if (conflict === 'fail' && d.childByName(parentKey, name) !== undefined)
          throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
      } else {
        const it = itemOf(ctx, d, ref);
        parentKey = it.data.parentKey;
        name = it.data.name;
        existingKey = it.key;
      }
      const id = randomUUID();
      const expires = Date.now() + 15 * 60_000;
      const session: UploadSession = {
        id,
        driveId: d.id,
        parentKey,
        name,
        conflict,
        total: null,
        chunks: [],
        received: 0,
        expires,
        ...(existingKey !== undefined ? { existingKey } : {}),
      };
      ctx.sim.uploads.set(id, session);
      return {
        status: 200,
        json: {
          '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#microsoft.graph.uploadSession`,
          uploadUrl: `${ctx.origin}/_api/v2.0/drives/${encodeURIComponent(d.id)}/uploadSession?guid=${id}&tempauth=${randomUUID()}`,
          expirationDateTime: new Date(expires).toISOString(),
          nextExpectedRanges: ['0-'],
        },
      };
    },
    twoUnits,
  );
  r.get(
    `${ITEM_PATH}/versions`,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      const key = encodeDriveItemId(d.scope, it.key);
      const current = {
        id: `${it.data.versions.length + 1}.0`,
        lastModifiedDateTime: it.data.lastModifiedDateTime,
        size: it.data.content?.size ?? 0,
        lastModifiedBy: { user: { displayName: it.data.createdBy } },
      };
      const older = [...it.data.versions].reverse().map((v) => ({
        id: v.id,
        lastModifiedDateTime: v.lastModifiedDateTime,
        size: v.content.size,
        lastModifiedBy: { user: { displayName: it.data.createdBy } },
      }));
      void key;
      return listResponse(ctx, [current, ...older], { defaultPage: 200, maxPage: 1000 });
    },
    twoUnits,
  );
  r.get(
    `${ITEM_PATH}/versions/{driveItemVersion-id}/content`,
    (ctx) => {
      const { d, it } = itemAt(ctx);
      const vid = ctx.params['driveItemVersion-id'] ?? '';
      const current = `${it.data.versions.length + 1}.0`;
      if (vid !== current && !it.data.versions.some((v) => v.id === vid)) throw itemNotFound();
      return {
        status: 302,
        headers: { Location: downloadUrl(ctx.sim, d, it.key, vid === current ? null : vid) },
      };
    },
    oneUnit,
  );
}
