/** Directory change tracking: sequence numbers for delta and the group membership log. */
import type { Group, User } from './model/directory.ts';
import type { Tenant } from './tenant.ts';

/** Records a directory change of a user or group: the next directory sequence number. */
export function touchDirectory(t: Tenant, obj: User | Group, props: string[] | '*'): number {
  const seq = t.dirClock.next();
  obj.changeSeq = seq;
  (obj.changes ??= []).push({ seq, props });
  return seq;
}

/** Adds or removes a group member, remembering the change for `members@delta`. */
export function setMembership(t: Tenant, g: Group, userId: string, add: boolean): boolean {
  const has = g.members.includes(userId);
  if (add === has) return false;
  g.members = add ? [...g.members, userId] : g.members.filter((m) => m !== userId);
  const seq = touchDirectory(t, g, ['members']);
  (g.memberLog ??= []).push({ seq, id: userId, removed: !add });
  return true;
}
