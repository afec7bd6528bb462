/** Path addressing (root:/a/b:) and drive aliases, rewritten to /drives/{id}/items/{id}. */
import { decodeDriveItemId, encodeDriveItemId } from '../../ids.ts';
import type { Sim } from '../../sim.ts';
import type { Drive } from '../../tenant.ts';
import { NEW_PREFIX } from './file-writes.ts';

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
