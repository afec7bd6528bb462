/** OneDrive / SharePoint document libraries: drives, driveItems, children, delta, content (302 + Range), upload sessions, versions. */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { deleteDriveTree } from '../drive.ts';
import { drivePath } from '../digest.ts';
import { decodeDriveItemId, encodeDriveItemId } from '../ids.ts';
import { contentQuickXor } from '../quickxor.ts';
import { bytesAt } from '../random.ts';
import type { Sim, UploadSession } from '../sim.ts';
import type { StoredItem, Tombstone } from '../store.ts';
import { isoAt, type Drive, type DriveItemData, type FileContent } from '../tenant.ts';
import { groupOr404, userOr404 } from './directory.ts';
import { GraphError, select, type Ctx, type Router, type ThrottleClass } from './http.ts';
import { listResponse, storeDelta } from './paging.ts';

const NEW_PREFIX = 'NEW.';
const itemNotFound = () => new GraphError(404, 'itemNotFound', 'The resource could not be found.');

export function driveOr404(ctx: Ctx): Drive {
  const d = ctx.sim.tenant.drive(ctx.params['drive-id'] ?? '');
  if (!d) throw new GraphError(404, 'itemNotFound', 'The drive could not be found.');
  return d;
}

function userDrive(ctx: Ctx): Drive {
  const u = userOr404(ctx.sim, ctx.params['user-id']);
  const d = ctx.sim.tenant.userDrive(u);
  if (!d) throw new GraphError(404, 'ResourceNotFound', "User's mysite not found.");
  return d;
}

function siteDrive(sim: Sim, siteId: string): Drive {
  const s = sim.tenant.site(siteId);
  const d = s?.lists.find((l) => l.drive)?.drive;
  if (!d) throw new GraphError(404, 'itemNotFound', 'The site could not be found.');
  return d;
}

function itemOf(ctx: Ctx, d: Drive, ref: string | undefined): StoredItem<DriveItemData> {
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

function downloadUrl(sim: Sim, d: Drive, key: number, version: string | null): string {
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

/**
 * SharePoint/OneDrive resource units of a Graph request
 * (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 * 1 for a single item, a delta with a token or a download; 2 for multi-item queries, delta
 * without a token, create, update, delete and upload; 5 for permission operations, including
 * `$expand=permissions`.
 */
export const spo =
  (units: number) =>
  (ctx: Ctx): ThrottleClass => ({
    kind: 'sharepoint',
    units:
      /(^|\/)permissions(\/|$)/i.test(ctx.path) ||
      /\bpermissions\b/i.test(ctx.req.query.get('$expand') ?? '')
        ? 5
        : units,
  });

/** Delta with a token costs 1 resource unit, without one 2. */
export const spoDelta = (ctx: Ctx): ThrottleClass =>
  spo(ctx.params.token || ctx.req.query.get('token') ? 1 : 2)(ctx);

function uniqueName(d: Drive, parent: number, name: string): string {
  if (d.childByName(parent, name) === undefined) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 1; ; i++) {
    const n = `${stem} ${i}${ext}`;
    if (d.childByName(parent, n) === undefined) return n;
  }
}

type Conflict = 'fail' | 'replace' | 'rename';
function conflictOf(v: unknown, def: Conflict): Conflict {
  return v === 'fail' || v === 'replace' || v === 'rename' ? v : def;
}

/** PUT content / final upload fragment: creates or replaces a file, keeping versions. */
function writeFile(
  d: Drive,
  parent: number,
  name: string,
  bytes: Buffer,
  conflict: Conflict,
  existingKey?: number,
): { item: StoredItem<DriveItemData>; created: boolean } {
  const now = isoAt(Date.now());
  const target = existingKey ?? d.childByName(parent, name);
  if (target !== undefined && conflict !== 'rename') {
    if (conflict === 'fail' && existingKey === undefined)
      throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
    const up = d.items.update(target, (x) => ({
      ...x,
      versions: x.content
        ? [
            ...x.versions,
            {
              id: `${x.versions.length + 1}.0`,
              lastModifiedDateTime: x.lastModifiedDateTime,
              content: x.content,
            },
          ]
        : x.versions,
      content: { size: bytes.length, bytes },
      lastModifiedDateTime: now,
      eTagVersion: x.eTagVersion + 1,
      cTagVersion: x.cTagVersion + 1,
    }));
    if (!up) throw itemNotFound();
    return { item: up, created: false };
  }
  const finalName = target !== undefined ? uniqueName(d, parent, name) : name;
  const ext = finalName.split('.').pop()?.toLowerCase() ?? '';
  const mimeType =
    {
      txt: 'text/plain',
      pdf: 'application/pdf',
      png: 'image/png',
      jpg: 'image/jpeg',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    }[ext] ?? 'application/octet-stream';
  const item = d.items.create('', {
    name: finalName,
    parentKey: parent,
    folder: false,
    mimeType,
    content: { size: bytes.length, bytes },
    versions: [],
    createdDateTime: now,
    lastModifiedDateTime: now,
    createdBy: 'Bulwark Backup (demo)',
    eTagVersion: 1,
    cTagVersion: 1,
  });
  return { item, created: true };
}

function parseNew(ref: string): { parent: number; name: string } | null {
  if (!ref.startsWith(NEW_PREFIX)) return null;
  const [, parent, name] = ref.split('.');
  return { parent: Number(parent), name: Buffer.from(name ?? '', 'base64url').toString('utf8') };
}

/** Resolves root:/a/b: addressing and the /users|groups|sites/{id}/drive aliases to /drives/{id}/items/{id}. */
export function driveRewriter(path: string, { sim }: { sim: Sim }): string {
  let p = path;
  const alias = /^\/(users|groups|sites)\/([^/]+)\/drive(\/.+)$/.exec(p);
  if (alias) {
    const [, kind, ref, rest] = alias;
    let d: Drive | undefined;
    const id = decodeURIComponent(ref ?? '');
    if (kind === 'users') {
      const u = sim.tenant.user(id);
      d = u ? sim.tenant.userDrive(u) : undefined;
    } else if (kind === 'groups') {
      const g = sim.tenant.group(id);
      d = g ? sim.tenant.groupContentOf(g).drive : undefined;
    } else d = sim.tenant.site(id)?.lists.find((l) => l.drive)?.drive;
    if (!d) return p;
    p = `/drives/${encodeURIComponent(d.id)}${rest ?? ''}`;
  }
  const m = /^\/drives\/([^/]+)\/(root|items\/[^/:]+):(\/[^:]*)(:(\/.*)?)?$/.exec(p);
  if (m) {
    const d = sim.tenant.drive(decodeURIComponent(m[1] ?? ''));
    if (!d) return p;
    let key = d.rootKey;
    if (m[2] !== 'root') {
      const dec = decodeDriveItemId(decodeURIComponent((m[2] ?? '').slice(6)));
      if (!dec) return p;
      key = dec.key;
    }
    const parts = decodeURIComponent(m[3] ?? '')
      .split('/')
      .filter(Boolean);
    const rest = m[5] ?? '';
    let parent = key;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i] ?? '';
      const next = d.childByName(parent, name);
      if (next === undefined) {
        if (i === parts.length - 1 && /^\/(content|createUploadSession)$/.test(rest))
          return `/drives/${m[1] ?? ''}/items/${NEW_PREFIX}${parent}.${Buffer.from(name).toString('base64url')}${rest}`;
        return `/drives/${m[1] ?? ''}/items/${NEW_PREFIX}missing${rest}`;
      }
      parent = next;
    }
    p = `/drives/${m[1] ?? ''}/items/${encodeDriveItemId(d.scope, parent)}${rest}`;
  }
  const root = /^\/drives\/([^/]+)\/root\/(.+)$/.exec(p);
  if (root && root[2] !== 'content') {
    const d = sim.tenant.drive(decodeURIComponent(root[1] ?? ''));
    if (d)
      p = `/drives/${root[1] ?? ''}/items/${encodeDriveItemId(d.scope, d.rootKey)}/${root[2] ?? ''}`;
  }
  return p.replace(/\/items\/root(\/|$)/, (_m, tail: string) => `/items/ROOT${tail}`);
}

export function registerDrives(r: Router, sim: Sim): void {
  sim.rewriters.push(driveRewriter);
  const one = { throttle: spo(1) };
  const two = { throttle: spo(2) };
  const I = '/drives/{drive-id}/items/{driveItem-id}';
  const item = (ctx: Ctx) => {
    const d = driveOr404(ctx);
    const ref = ctx.params['driveItem-id'] ?? '';
    return { d, it: itemOf(ctx, d, ref === 'ROOT' ? 'root' : ref) };
  };

  r.get(
    '/users/{user-id}/drive',
    (ctx) => ({ status: 200, json: renderDrive(userDrive(ctx)) }),
    one,
  );
  r.get(
    '/users/{user-id}/drives',
    (ctx) => listResponse(ctx, [renderDrive(userDrive(ctx))], { defaultPage: 200, maxPage: 1000 }),
    two,
  );
  r.get(
    '/groups/{group-id}/drive',
    (ctx) => ({
      status: 200,
      json: renderDrive(
        ctx.sim.tenant.groupContentOf(groupOr404(ctx.sim, ctx.params['group-id'])).drive,
      ),
    }),
    one,
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
    two,
  );
  r.get(
    '/sites/{site-id}/drive',
    (ctx) => ({ status: 200, json: renderDrive(siteDrive(ctx.sim, ctx.params['site-id'] ?? '')) }),
    one,
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
    two,
  );
  r.get(
    '/drives/{drive-id}',
    (ctx) => ({
      status: 200,
      json: select(renderDrive(driveOr404(ctx)), ctx.req.query.get('$select')),
    }),
    one,
  );
  r.get(
    '/drives/{drive-id}/root',
    (ctx) => {
      const d = driveOr404(ctx);
      return { status: 200, json: renderItem(ctx, d, itemOf(ctx, d, 'root'), false) };
    },
    one,
  );
  const vanish = (ctx: Ctx) => {
    try {
      const { d, it } = item(ctx);
      if (it.key !== d.rootKey) deleteDriveTree(d, it.key);
    } catch {
      // already gone
    }
  };
  r.get(
    I,
    (ctx) => {
      const { d, it } = item(ctx);
      return {
        status: 200,
        json: select(renderItem(ctx, d, it, true), ctx.req.query.get('$select')),
      };
    },
    { throttle: spo(1), vanish },
  );
  r.patch(
    I,
    (ctx) => {
      const { d, it } = item(ctx);
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
    two,
  );
  r.delete(
    I,
    (ctx) => {
      const { d, it } = item(ctx);
      if (it.key === d.rootKey)
        throw new GraphError(403, 'accessDenied', 'The root of a drive cannot be deleted.');
      deleteDriveTree(d, it.key);
      return { status: 204 };
    },
    two,
  );
  r.get(
    `${I}/children`,
    (ctx) => {
      const { d, it } = item(ctx);
      const rows = d.items
        .all(null)
        .filter((c) => c.data.parentKey === it.key && c.key !== d.rootKey)
        .map((c) => renderItem(ctx, d, c, true));
      return listResponse(ctx, rows, { defaultPage: 200, maxPage: 1000 });
    },
    two,
  );
  r.post(
    `${I}/children`,
    (ctx) => {
      const { d, it } = item(ctx);
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
      const now = isoAt(Date.now());
      const f = d.items.create('', {
        name,
        parentKey: it.key,
        folder: true,
        versions: [],
        createdDateTime: now,
        lastModifiedDateTime: now,
        createdBy: 'Bulwark Backup (demo)',
        eTagVersion: 1,
        cTagVersion: 1,
      });
      return { status: 201, json: renderItem(ctx, d, f, false) };
    },
    two,
  );
  r.get(
    `${I}/content`,
    (ctx) => {
      const { d, it } = item(ctx);
      if (it.data.folder) throw new GraphError(400, 'invalidRequest', 'Cannot download a folder.');
      return { status: 302, headers: { Location: downloadUrl(ctx.sim, d, it.key, null) } };
    },
    { throttle: spo(1), vanish },
  );
  r.put(
    `${I}/content`,
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
    two,
  );
  r.post(
    `${I}/createUploadSession`,
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
    two,
  );
  r.get(
    `${I}/versions`,
    (ctx) => {
      const { d, it } = item(ctx);
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
    two,
  );
  r.get(
    `${I}/versions/{driveItemVersion-id}/content`,
    (ctx) => {
      const { d, it } = item(ctx);
      const vid = ctx.params['driveItemVersion-id'] ?? '';
      const current = `${it.data.versions.length + 1}.0`;
      if (vid !== current && !it.data.versions.some((v) => v.id === vid)) throw itemNotFound();
      return {
        status: 302,
        headers: { Location: downloadUrl(ctx.sim, d, it.key, vid === current ? null : vid) },
      };
    },
    one,
  );
  const delta = (ctx: Ctx) => {
    const { d, it } = item(ctx);
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
  r.get(`${I}/delta()`, delta, { throttle: spoDelta });
  r.get(`${I}/delta(token='{token}')`, delta, { throttle: spoDelta });
}

/** Upload-session fragment PUTs and cancellation (pre-authenticated URLs, no bearer token). */
export function registerUploads(app: Hono, sim: Sim): void {
  const FRAGMENT = 320 * 1024;
  const fail = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message } }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  app.put('/_api/v2.0/drives/:drive/uploadSession', async (c) => {
    const url = new URL(c.req.url);
    const s = sim.uploads.get(url.searchParams.get('guid') ?? '');
    const log = (status: number) =>
      sim.log.add({ method: 'PUT', url: url.pathname, status, throttled: false });
    if (!s || s.expires < Date.now()) {
      log(404);
      return fail(404, 'itemNotFound', 'The upload session was not found or has expired.');
    }
    if (c.req.header('authorization')) {
      log(401);
      return fail(
        401,
        'unauthenticated',
        'Do not send an Authorization header to a pre-authenticated upload URL.',
      );
    }
    const body = Buffer.from(await c.req.arrayBuffer());
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(c.req.header('content-range') ?? '');
    if (!m) {
      log(400);
      return fail(400, 'invalidRequest', 'Content-Range header is missing or invalid.');
    }
    const start = Number(m[1]);
    const end = Number(m[2]);
    const total = m[3] === '*' ? null : Number(m[3]);
    if (total === null || end - start + 1 !== body.length || end >= total) {
      log(400);
      return fail(400, 'invalidRequest', 'The Content-Range does not match the fragment.');
    }
    if (s.total !== null && s.total !== total) {
      log(400);
      return fail(400, 'invalidRequest', 'The declared file size changed during the upload.');
    }
    if (start !== s.received) {
      log(416);
      return fail(
        416,
        'invalidRange',
        `The fragment starts at ${start}; the next expected range is ${s.received}-.`,
      );
    }
    const last = end + 1 === total;
    if (!last && body.length % FRAGMENT !== 0) {
      log(400);
      return fail(
        400,
        'invalidRequest',
        'Fragments must be a multiple of 320 KiB (327,680 bytes), except the last one.',
      );
    }
    if (body.length > 60 * 1024 * 1024) {
      log(413);
      return fail(413, 'requestTooLarge', 'Fragments must be smaller than 60 MiB.');
    }
    s.total = total;
    s.chunks.push(body);
    s.received = end + 1;
    if (!last) {
      log(202);
      return c.json(
        {
          expirationDateTime: new Date(s.expires).toISOString(),
          nextExpectedRanges: [`${s.received}-`],
        },
        202,
      );
    }
    sim.uploads.delete(s.id);
    const d = sim.tenant.drive(s.driveId);
    if (!d) return fail(404, 'itemNotFound', 'The drive no longer exists.');
    try {
      const res = writeFile(
        d,
        s.parentKey,
        s.name,
        Buffer.concat(s.chunks),
        s.conflict,
        s.existingKey,
      );
      log(res.created ? 201 : 200);
      const fakeCtx = { sim } as unknown as Ctx;
      return c.json(renderItem(fakeCtx, d, res.item, false), res.created ? 201 : 200);
    } catch (e) {
      if (e instanceof GraphError) {
        log(e.status);
        return fail(e.status, e.code, e.message);
      }
      throw e;
    }
  });
  app.delete('/_api/v2.0/drives/:drive/uploadSession', (c) => {
    const id = new URL(c.req.url).searchParams.get('guid') ?? '';
    return sim.uploads.delete(id)
      ? new Response(null, { status: 204 })
      : fail(404, 'itemNotFound', 'The upload session was not found.');
  });
}
