/** A OneDrive or document library: an item store with a root folder. */
import type { DriveItemData, DriveItemVersion } from './model/drive-items.ts';
import { ItemStore, SeqClock } from './store.ts';
import { DAY, WORLD_EPOCH, isoAt } from './world.ts';

export class Drive {
  readonly clock = new SeqClock();
  readonly items: ItemStore<DriveItemData>;
  readonly rootKey: number;
  constructor(
    readonly scope: number,
    readonly id: string,
    readonly name: string,
    readonly driveType: 'personal' | 'documentLibrary',
    readonly owner: { kind: 'user' | 'group' | 'site'; id: string; displayName: string },
    readonly webUrl: string,
  ) {
    this.items = new ItemStore<DriveItemData>(this.clock);
    const created = isoAt(WORLD_EPOCH - 400 * DAY);
    this.rootKey = this.items.seed('', folderData('root', -1, owner.displayName, created)).key;
  }
  childByName(parentKey: number, name: string): number | undefined {
    const lower = name.toLowerCase();
    return this.items
      .all(null)
      .find((i) => i.data.parentKey === parentKey && i.data.name.toLowerCase() === lower)?.key;
  }
  usedBytes(): number {
    let n = 0;
    for (const it of this.items.all(null)) n += it.data.content?.size ?? 0;
    return n;
  }
}

/** A new folder's item data (no content, no versions, first eTag/cTag). */
export function folderData(
  name: string,
  parentKey: number,
  createdBy: string,
  createdDateTime: string,
  lastModifiedDateTime = createdDateTime,
): DriveItemData {
  return {
    name,
    parentKey,
    folder: true,
    versions: [],
    createdDateTime,
    lastModifiedDateTime,
    createdBy,
    eTagVersion: 1,
    cTagVersion: 1,
  };
}

/**
 * The version history after the current content is replaced: the content being replaced
 * becomes the newest earlier version (a folder, which has none, keeps its list).
 */
export function versionsBeforeReplace(x: DriveItemData): DriveItemVersion[] {
  if (!x.content) return x.versions;
  return [
    ...x.versions,
    {
      id: `${x.versions.length + 1}.0`,
      lastModifiedDateTime: x.lastModifiedDateTime,
      content: x.content,
    },
  ];
}

/** Deletes a drive item and everything under it. */
export function deleteDriveTree(d: Drive, key: number): void {
  for (const c of d.items.all(null).filter((x) => x.data.parentKey === key))
    deleteDriveTree(d, c.key);
  d.items.delete(key);
}
