/** Drive mutations: files are added, rewritten (a new version), moved or deleted. */
import { encodeDriveItemId } from '../../ids.ts';
import { hash32 } from '../../random.ts';
import type { Sim } from '../../sim.ts';
import { fileData } from '../../tenant.ts';
import { deleteDriveTree, versionsBeforeReplace } from '../../drive.ts';
import { need } from '../errors.ts';
import { driveFor, driveItemFor, ensureFolderPath } from '../lookups.ts';
import { nextMutationNumber, type MutationOf } from './mutation-kinds.ts';

export function applyFileMutation(
  sim: Sim,
  m: MutationOf<'file'>,
  now: string,
): Record<string, unknown> {
  switch (m.op) {
    case 'file.add': {
      const d = driveFor(sim, m.drive);
      const parts = m.path.split('/').filter(Boolean);
      const name = need(parts.pop(), 'file name');
      const parent = ensureFolderPath(d, parts, now);
      const existing = d.childByName(parent, name);
      if (existing !== undefined) d.items.delete(existing);
      const it = d.items.create(
        '',
        fileData(name, parent, hash32('mut', m.path, nextMutationNumber()), m.size, now, 'sim', 1),
      );
      return { id: encodeDriveItemId(d.scope, it.key) };
    }
    case 'file.update': {
      const d = driveFor(sim, m.drive);
      const key = driveItemFor(d, m.id);
      d.items.update(key, (x) => ({
        ...x,
        versions: versionsBeforeReplace(x),
        content: {
          size: m.size ?? x.content?.size ?? 0,
          seed: hash32('upd', m.id, nextMutationNumber()),
        },
        lastModifiedDateTime: now,
        eTagVersion: x.eTagVersion + 1,
        cTagVersion: x.cTagVersion + 1,
      }));
      return {};
    }
    case 'file.move': {
      const d = driveFor(sim, m.drive);
      const key = driveItemFor(d, m.id);
      const parent = m.parent === 'root' ? d.rootKey : driveItemFor(d, m.parent);
      d.items.update(key, (x) => ({
        ...x,
        parentKey: parent,
        name: m.name ?? x.name,
        eTagVersion: x.eTagVersion + 1,
      }));
      return {};
    }
    case 'file.delete': {
      const d = driveFor(sim, m.drive);
      deleteDriveTree(d, driveItemFor(d, m.id));
      return {};
    }
  }
}
