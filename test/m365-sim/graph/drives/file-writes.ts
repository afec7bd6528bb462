/** Creating and replacing files: name conflicts, versions and not-yet-existing paths. */
import { isoAt, type Drive, type DriveItemData } from '../../tenant.ts';
import { versionsBeforeReplace } from '../../drive.ts';
import type { StoredItem } from '../../store.ts';
import { GraphError } from '../http.ts';
import { itemNotFound } from './lookup.ts';

/** Marks an item id the path rewriter made up for a file that does not exist yet. */
export const NEW_PREFIX = 'NEW.';

export function uniqueName(d: Drive, parent: number, name: string): string {
  if (d.childByName(parent, name) === undefined) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 1; ; i++) {
    const n = `${stem} ${i}${ext}`;
    if (d.childByName(parent, n) === undefined) return n;
  }
}

export type Conflict = 'fail' | 'replace' | 'rename';
export function conflictOf(v: unknown, def: Conflict): Conflict {
  return v === 'fail' || v === 'replace' || v === 'rename' ? v : def;
}

/** PUT content / final upload fragment: creates or replaces a file, keeping versions. */
export function writeFile(
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
      versions: versionsBeforeReplace(x),
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

export function parseNew(ref: string): { parent: number; name: string } | null {
  if (!ref.startsWith(NEW_PREFIX)) return null;
  const [, parent, name] = ref.split('.');
  return { parent: Number(parent), name: Buffer.from(name ?? '', 'base64url').toString('utf8') };
}
