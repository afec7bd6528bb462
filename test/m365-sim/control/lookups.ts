/** Finding the mailbox, folder, message, drive or drive item a mutation names. */
import { decodeDriveItemId, decodeItemId, Kind } from '../ids.ts';
import type { Sim } from '../sim.ts';
import { folderData } from '../drive.ts';
import type { Drive, Mailbox } from '../tenant.ts';
import { ControlError, need } from './errors.ts';

export function mailboxFor(sim: Sim, user: string): Mailbox {
  const u = need(sim.tenant.user(user), `user ${user}`);
  return need(sim.tenant.mailbox(u), `mailbox of ${user}`);
}

export function folderFor(mb: Mailbox, ref: string): number {
  const wk = mb.folderByWellKnown.get(ref.toLowerCase());
  if (wk !== undefined) return wk;
  const d = decodeItemId(ref);
  if (d && d.kind === Kind.mailFolder && mb.folders.get(d.key)) return d.key;
  const byName = mb.folders
    .all('')
    .find((f) => f.data.displayName.toLowerCase() === ref.toLowerCase());
  return need(byName?.key, `folder ${ref}`);
}

export function messageFor(mb: Mailbox, id: string): number {
  const d = decodeItemId(id);
  if (!d || d.kind !== Kind.message || !mb.messages.get(d.key))
    throw new ControlError(404, `message ${id} not found`);
  return d.key;
}

export function driveFor(sim: Sim, ref: string): Drive {
  const direct = sim.tenant.drive(ref);
  if (direct) return direct;
  const u = sim.tenant.user(ref);
  if (u) return need(sim.tenant.userDrive(u), `drive of ${ref}`);
  const g = sim.tenant.group(ref);
  if (g) return sim.tenant.groupContentOf(g).drive;
  throw new ControlError(404, `drive ${ref} not found`);
}

export function driveItemFor(d: Drive, id: string): number {
  const dec = decodeDriveItemId(id);
  if (!dec || dec.scope !== d.scope || !d.items.get(dec.key))
    throw new ControlError(404, `item ${id} not found`);
  return dec.key;
}

export function ensureFolderPath(d: Drive, parts: string[], when: string): number {
  let parent = d.rootKey;
  for (const p of parts) {
    const existing = d.childByName(parent, p);
    parent = existing ?? d.items.create('', folderData(p, parent, 'sim', when)).key;
  }
  return parent;
}
