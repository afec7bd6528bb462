/** SharePoint sites: the seeded hierarchy, group sites, and custom lists with typed columns. */
import type { ListItemData, Site, SpList } from '../model/sites.ts';
import { Rng, guidOf } from '../random.ts';
import { ItemStore, SeqClock } from '../store.ts';
import type { Tenant } from '../tenant.ts';
import { DAY, WORLD_EPOCH, isoAt } from '../world.ts';
import { populateDrive } from './drives.ts';

export function makeSite(
  t: Tenant,
  name: string,
  displayName: string,
  path: string,
  parentIndex: number | null,
  groupId?: string,
): Site {
  const index = t.sites.length;
  const collectionId = guidOf(t.seed, 'site', parentIndex ?? index);
  const webId = guidOf(t.seed, 'web', index);
  const site: Site = {
    index,
    id: `larkspur.sharepoint.com,${collectionId},${webId}`,
    collectionId,
    webId,
    name,
    displayName,
    webUrl: `https://larkspur.sharepoint.com${path}`,
    parentIndex,
    isRoot: path === '',
    lists: [],
    createdDateTime: isoAt(WORLD_EPOCH - (600 - index) * DAY),
    deleted: false,
    ...(groupId ? { groupId } : {}),
  };
  const libClock = new SeqClock();
  const drive = t.newDrive(
    'Documents',
    'documentLibrary',
    { kind: groupId ? 'group' : 'site', id: groupId ?? site.id, displayName },
    `${site.webUrl}/Shared%20Documents`,
  );
  populateDrive(t, drive, `site${index}`, false);
  site.lists.push({
    id: guidOf(t.seed, 'list', index, 'docs'),
    name: 'Shared Documents',
    displayName: 'Documents',
    template: 'documentLibrary',
    columns: [],
    items: new ItemStore<ListItemData>(libClock),
    clock: libClock,
    drive,
    createdDateTime: site.createdDateTime,
  });
  t.sites.push(site);
  return site;
}

export function addCustomList(t: Tenant, site: Site, name: string, rows: number): SpList {
  const clock = new SeqClock();
  const list: SpList = {
    id: guidOf(t.seed, 'list', site.index, name),
    name: name.replace(/\s+/g, ''),
    displayName: name,
    template: 'genericList',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'AssetTag', type: 'text' },
      { name: 'Quantity', type: 'number' },
      { name: 'InService', type: 'boolean' },
      { name: 'Status', type: 'choice', choices: ['Ordered', 'In use', 'Retired'] },
    ],
    items: new ItemStore<ListItemData>(clock),
    clock,
    createdDateTime: site.createdDateTime,
  };
  const r = Rng.of(t.seed, 'list', site.index, name);
  for (let i = 0; i < rows; i++) {
    const when = isoAt(WORLD_EPOCH - r.int(1, 300) * DAY);
    list.items.seed('', {
      fields: {
        Title: `${r.pick(['Forklift', 'Pallet scanner', 'Laptop', 'Kühlcontainer', 'Chariot élévateur'])} ${i + 1}`,
        AssetTag: `LL-${String(1000 + i)}`,
        Quantity: r.int(1, 40),
        InService: r.chance(0.7),
        Status: r.pick(['Ordered', 'In use', 'Retired']),
      },
      createdDateTime: when,
      lastModifiedDateTime: when,
      eTagVersion: 1,
    });
  }
  site.lists.push(list);
  return list;
}

export function seedSites(t: Tenant): void {
  const root = makeSite(t, 'Communication site', 'Communication site', '', null);
  void root;
  const ops = makeSite(t, 'operations', 'Operations', '/sites/operations', null);
  addCustomList(t, ops, 'Asset Register', 24);
  const sub = makeSite(t, 'warehouses', 'Warehouses', '/sites/operations/warehouses', ops.index);
  addCustomList(t, sub, 'Dock Schedule', 10);
  makeSite(t, 'hr', 'HR Portal — Personalwesen', '/sites/hr', null);
}
