/** Rendering drives and driveItems, and their pre-authenticated download URLs. */
import { drivePath } from '../../digest.ts';
import { encodeDriveItemId } from '../../ids.ts';
import { contentQuickXor } from '../../quickxor.ts';
import { bytesAt } from '../../random.ts';
import type { Sim } from '../../sim.ts';
import type { StoredItem } from '../../store.ts';
import type { Drive, DriveItemData, FileContent } from '../../tenant.ts';
import type { Ctx } from '../http.ts';

export function renderDrive(d: Drive): Record<string, unknown> {
  const used = d.usedBytes();
  return {
    id: d.id,
    name: d.name,
    driveType: d.driveType === 'personal' ? 'business' : 'documentLibrary',
    createdDateTime: '2024-01-05T09:00:00Z',
    lastModifiedDateTime: '2025-06-01T09:00:00Z',
    description: '',
    webUrl: d.webUrl,
    createdBy: { user: { displayName: 'System Account' } },
    owner:
      d.owner.kind === 'user'
        ? { user: { id: d.owner.id, displayName: d.owner.displayName } }
        : { group: { id: d.owner.id, displayName: d.owner.displayName } },
    quota: {
      deleted: 0,
      remaining: 1_099_511_627_776 - used,
      state: 'normal',
      total: 1_099_511_627_776,
      used,
    },
  };
}

function parentPath(d: Drive, it: StoredItem<DriveItemData>): string {
  const parent = d.items.get(it.data.parentKey);
  if (!parent || parent.key === d.rootKey) return '/drive/root:';
  return `/drive/root:${drivePath(d, parent)}`;
}

export function renderItem(
  ctx: Ctx,
  d: Drive,
  it: StoredItem<DriveItemData>,
  withDownload: boolean,
): Record<string, unknown> {
  const x = it.data;
  const id = encodeDriveItemId(d.scope, it.key);
  const isRoot = it.key === d.rootKey;
  const etagGuid = id.slice(2, 10);
  const out: Record<string, unknown> = {
    '@odata.etag': `"{${etagGuid}},${x.eTagVersion}"`,
    createdDateTime: x.createdDateTime,
    eTag: `"{${etagGuid}},${x.eTagVersion}"`,
    id,
    lastModifiedDateTime: x.lastModifiedDateTime,
    name: x.name,
    webUrl: isRoot ? d.webUrl : `${d.webUrl}${encodeURI(drivePath(d, it))}`,
    cTag: `"c:{${etagGuid}},${x.cTagVersion}"`,
    size: x.folder ? folderSize(d, it.key) : (x.content?.size ?? 0),
    createdBy: { user: { displayName: x.createdBy } },
    lastModifiedBy: { user: { displayName: x.createdBy } },
    parentReference: isRoot
      ? { driveType: d.driveType === 'personal' ? 'business' : 'documentLibrary', driveId: d.id }
      : {
          driveType: d.driveType === 'personal' ? 'business' : 'documentLibrary',
          driveId: d.id,
          id: encodeDriveItemId(d.scope, x.parentKey),
          path: parentPath(d, it),
        },
    fileSystemInfo: {
      createdDateTime: x.createdDateTime,
      lastModifiedDateTime: x.lastModifiedDateTime,
    },
  };
  if (x.folder)
    out.folder = {
      childCount: d.items.all(null).filter((c) => c.data.parentKey === it.key).length,
    };
  else
    out.file = {
      mimeType: x.mimeType ?? 'application/octet-stream',
      // OneDrive for Business and SharePoint report only quickXorHash (no sha1/crc32/sha256)
      hashes: { quickXorHash: contentQuickXor(x.content ?? { size: 0 }) },
    };
  if (isRoot) out.root = {};
  if (withDownload && !x.folder)
    out['@microsoft.graph.downloadUrl'] = downloadUrl(ctx.sim, d, it.key, null);
  return out;
}

function folderSize(d: Drive, key: number): number {
  let n = 0;
  for (const c of d.items.all(null).filter((i) => i.data.parentKey === key))
    n += c.data.folder ? folderSize(d, c.key) : (c.data.content?.size ?? 0);
  return n;
}

export function contentSlice(c: FileContent): (s: number, e: number) => Uint8Array {
  return (s, e) => (c.bytes ? c.bytes.subarray(s, e) : bytesAt(c.seed ?? 0, s, e));
}

export function downloadUrl(sim: Sim, d: Drive, key: number, version: string | null): string {
  return sim.newDownload(() => {
    const it = d.items.get(key);
    if (!it || it.data.folder) throw new Error('gone');
    const content = version
      ? it.data.versions.find((v) => v.id === version)?.content
      : it.data.content;
    if (!content) throw new Error('gone');
    return {
      size: content.size,
      slice: contentSlice(content),
      name: it.data.name,
      mimeType: it.data.mimeType ?? 'application/octet-stream',
    };
  });
}
