/** Directory mutations: users, group membership, sites and teams come and go. */
import { guidOf } from '../../random.ts';
import type { Sim } from '../../sim.ts';
import { setMembership, touchDirectory, type User } from '../../tenant.ts';
import { need } from '../errors.ts';
import type { MutationOf } from './mutation-kinds.ts';

export function applyDirectoryMutation(
  sim: Sim,
  m: MutationOf<'user' | 'group' | 'site' | 'team'>,
  now: string,
): Record<string, unknown> {
  const t = sim.tenant;
  switch (m.op) {
    case 'user.add': {
      const index = t.users.length;
      const nick =
        m.displayName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '.')
          .replace(/^\.|\.$/g, '') || `user${index}`;
      const u: User = {
        index,
        id: guidOf(t.seed, 'user', index),
        displayName: m.displayName,
        givenName: m.displayName.split(' ')[0] ?? null,
        surname: m.displayName.split(' ').slice(1).join(' ') || null,
        userPrincipalName: `${nick}@${t.domain}`,
        mail: `${nick}@${t.domain}`,
        mailNickname: nick,
        accountEnabled: true,
        ageGroup: null,
        city: null,
        companyName: t.displayName,
        country: null,
        department: null,
        jobTitle: null,
        officeLocation: null,
        usageLocation: 'US',
        createdDateTime: now,
        licensed: m.licensed,
        mailboxKind: m.licensed ? 'user' : 'none',
        hasDrive: m.licensed,
        deleted: false,
        changeSeq: 0,
      };
      touchDirectory(t, u, '*');
      t.users.push(u);
      return { id: u.id };
    }
    case 'user.remove': {
      const u = need(t.user(m.id), `user ${m.id}`);
      u.deleted = true;
      touchDirectory(t, u, '*');
      // a deleted user leaves its groups (members@delta reports the removal)
      for (const g of t.groups) setMembership(t, g, u.id, false);
      return {};
    }
    case 'user.update': {
      const u = need(t.user(m.id), `user ${m.id}`);
      const { op: _op, id: _id, ...fields } = m;
      const props = Object.keys(fields).filter(
        (k) => fields[k as keyof typeof fields] !== undefined,
      );
      Object.assign(u, Object.fromEntries(props.map((k) => [k, fields[k as keyof typeof fields]])));
      touchDirectory(t, u, props);
      return {};
    }
    case 'group.addMember':
    case 'group.removeMember': {
      const g = need(t.group(m.group), `group ${m.group}`);
      const u = need(t.user(m.user), `user ${m.user}`);
      setMembership(t, g, u.id, m.op === 'group.addMember');
      return {};
    }
    case 'site.add': {
      const before = t.sites.length;
      const g = { name: m.name.toLowerCase().replace(/[^a-z0-9]+/g, '') };
      const site = t.addSite(g.name, m.name);
      void before;
      return { id: site.id };
    }
    case 'site.remove': {
      const s = need(t.site(m.id), `site ${m.id}`);
      s.deleted = true;
      return {};
    }
    case 'team.add': {
      const g = t.addGroup(m.displayName, true);
      return { id: g.id };
    }
    case 'team.remove': {
      const g = need(t.group(m.id), `team ${m.id}`);
      g.deleted = true;
      touchDirectory(t, g, '*');
      const team = t.teams.get(g.id);
      if (team) team.deleted = true;
      const site = t.sites.find((s) => s.groupId === g.id);
      if (site) site.deleted = true;
      return {};
    }
  }
}
