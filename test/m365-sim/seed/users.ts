/** The seeded directory's people, the shared mailbox and the public folders account. */
import { DEMO_COMPANY_NAME, DEMO_VANITY_DOMAIN } from '../app-registration.ts';
import { Rng, guidOf } from '../random.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, isoAt } from '../world.ts';
import { CITIES, DEPARTMENTS, FIRST, LAST, TITLES, asciiSlug } from './names.ts';

export function seedUsers(t: Tenant): void {
  const r = Rng.of(t.seed, 'directory');
  const n = Math.max(4, t.options.users);
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const special = i === n - 2 ? 'shared' : i === n - 1 ? 'publicFolder' : null;
    let given = FIRST[(i * 7 + (t.seed % 5)) % FIRST.length] ?? 'Alex';
    let sur = LAST[(i * 11 + (t.seed % 3)) % LAST.length] ?? 'Smith';
    if (special === 'shared') {
      given = '';
      sur = '';
    }
    const display =
      special === 'shared'
        ? 'Accounts Payable'
        : special === 'publicFolder'
          ? 'PublicFoldersAccount'
          : `${given} ${sur}`;
    let nick =
      special === 'shared'
        ? 'accountspayable'
        : special === 'publicFolder'
          ? 'PublicFoldersAccount'
          : `${asciiSlug(given)}.${asciiSlug(sur)}`;
    let k = 2;
    const baseNick = nick;
    while (used.has(nick.toLowerCase())) nick = `${baseNick}${k++}`;
    used.add(nick.toLowerCase());
    const [city, country, usage] = CITIES[i % CITIES.length] ?? ['Seattle', 'United States', 'US'];
    const unlicensed = special === null && i % 9 === 4;
    const disabled = special === null && i === 3;
    const person = special === null;
    t.users.push({
      index: i,
      id: guidOf(t.seed, 'user', i),
      displayName: display,
      givenName: person ? given : null,
      surname: person ? sur : null,
      userPrincipalName: `${nick}@${special === 'publicFolder' ? t.initialDomain : DEMO_VANITY_DOMAIN}`,
      mail: unlicensed && i % 2 === 0 ? null : `${nick}@${DEMO_VANITY_DOMAIN}`,
      mailNickname: nick,
      accountEnabled: person && !disabled,
      ageGroup: person ? (i % 13 === 7 ? 'minor' : i % 5 === 2 ? null : 'adult') : null,
      city: person ? city : null,
      companyName: person ? (i % 10 === 9 ? 'Larkspur Freight GmbH' : DEMO_COMPANY_NAME) : null,
      country: person ? country : null,
      department: person ? (DEPARTMENTS[r.int(0, DEPARTMENTS.length - 1)] ?? null) : null,
      jobTitle: person ? (TITLES[r.int(0, TITLES.length - 1)] ?? null) : null,
      officeLocation: person
        ? `${city} ${r.int(1, 4)}${String.fromCharCode(65 + r.int(0, 3))}`
        : null,
      usageLocation: person ? usage : null,
      createdDateTime: isoAt(WORLD_EPOCH - (900 - i) * DAY),
      licensed: person && !unlicensed,
      mailboxKind: special ?? (unlicensed ? 'none' : 'user'),
      hasDrive: person && !unlicensed,
      deleted: false,
      changeSeq: 0,
    });
  }
}
