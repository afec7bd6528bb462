/** SharePoint sites and lists (a document library's files live in its Drive). */
import type { Drive } from '../drive.ts';
import type { SeqClock, ItemStore } from '../store.ts';

export interface ListItemData {
  fields: Record<string, string | number | boolean>;
  createdDateTime: string;
  lastModifiedDateTime: string;
  eTagVersion: number;
}

export interface SpList {
  id: string;
  name: string;
  displayName: string;
  template: 'genericList' | 'documentLibrary';
  columns: {
    name: string;
    type: 'text' | 'number' | 'boolean' | 'dateTime' | 'choice';
    choices?: string[];
  }[];
  items: ItemStore<ListItemData>;
  clock: SeqClock;
  drive?: Drive;
  createdDateTime: string;
}

export interface Site {
  index: number;
  id: string; // hostname,siteCollectionId,webId
  collectionId: string;
  webId: string;
  name: string;
  displayName: string;
  webUrl: string;
  parentIndex: number | null;
  groupId?: string;
  isRoot: boolean;
  lists: SpList[];
  createdDateTime: string;
  deleted: boolean;
}
