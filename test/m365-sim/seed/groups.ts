/** Microsoft 365 groups: the seeded ones and those a client creates. */
import { DEMO_VANITY_DOMAIN } from '../app-registration.ts';
import { touchDirectory } from '../directory-changes.ts';
import type { Group, User } from '../model/directory.ts';
import { guidOf } from '../random.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, isoAt } from '../world.ts';
import { GROUPS, asciiSlug } from './names.ts';

/** The group's members that are (still) users of the tenant, in membership order. */
export function membersOf(t: Tenant, g: Group): User[] {
  return g.members.map((id) => t.users.find((u) => u.id === id)).filter((u): u is User => !!u);
}

export function seedGroups(t: Tenant): void {
  const n = Math.max(4, t.options.users);
  const people = t.users.filter((u) => u.mailboxKind === 'user');
  const groupCount = Math.max(GROUPS.length, Math.floor(n / 8));
  for (let g = 0; g < groupCount; g++) {
    const spec = GROUPS[g % GROUPS.length] ?? {
      name: 'Group',
      team: false,
      visibility: 'Public' as const,
    };
    const name =
      g < GROUPS.length ? spec.name : `${spec.name} ${Math.floor(g / GROUPS.length) + 1}`;
    const nick = asciiSlug(name);
    const members =
      g === 0
        ? people.map((u) => u.id)
        : people
            .filter((_, n2) => (n2 + g) % 3 === 0)
            .slice(0, 40)
            .map((u) => u.id);
    const owner = members[0];
    t.groups.push({
      index: g,
      id: guidOf(t.seed, 'group', g),
      displayName: name,
      description: `${name} — ${spec.team ? 'team workspace' : 'mailing and files'}`,
      mailNickname: nick,
      mail: `${nick}@${DEMO_VANITY_DOMAIN}`,
      visibility: spec.visibility,
      createdDateTime: isoAt(WORLD_EPOCH - (500 - g) * DAY),
      isTeam: spec.team,
      members,
      owners: owner ? [owner] : [],
      deleted: false,
      changeSeq: 0,
    });
  }
}

export function newGroup(t: Tenant, displayName: string, isTeam: boolean): Group {
  const index = t.groups.length;
  const nick = asciiSlug(displayName) || `group${index}`;
  const members = t.users
    .filter((u) => u.mailboxKind === 'user' && !u.deleted)
    .slice(0, 3)
    .map((u) => u.id);
  const g: Group = {
    index,
    id: guidOf(t.seed, 'group', index),
    displayName,
    description: displayName,
    mailNickname: nick,
    mail: `${nick}@${DEMO_VANITY_DOMAIN}`,
    visibility: 'Private',
    createdDateTime: isoAt(Date.now()),
    isTeam,
    members,
    owners: members.slice(0, 1),
    deleted: false,
    changeSeq: 0,
  };
  touchDirectory(t, g, '*');
  t.groups.push(g);
  return g;
}
