import type { ItemKind, SubService } from '../backup/types';
import type { FailedItem, RunCounts } from '../db/backup-schema';

/** Results of EntityCatalog queries; plain data so they cross RPC unchanged. */
// JSON of bounded depth: a recursive JSON type makes RPC stub types infinitely deep.
type Json0 = string | number | boolean | null;
type Json1 = Json0 | Json0[] | { [key: string]: Json0 };
type Json2 = Json1 | Json1[] | { [key: string]: Json1 };
type Json3 = Json2 | Json2[] | { [key: string]: Json2 };
/** Item metadata as stored (JSON), typed so RPC stubs keep the result types. */
export type ItemMeta = { [key: string]: Json3 | Json3[] };

export interface SnapshotItem {
  graphId: string;
  folderGraphId: string;
  kind: ItemKind;
  sha256: string;
  size: number;
  chunks: string[];
  meta: ItemMeta;
}

export interface SnapshotPage {
  items: SnapshotItem[];
  /** Pass as `afterId` for the next page; absent on the last page. */
  next?: string;
}

export interface SnapshotFolder {
  subService: SubService;
  graphId: string;
  parentGraphId: string | null;
  name: string;
  wellKnown?: string;
  hidden: boolean;
}

/** A run's counts for one sub-service, with every item that failed (the outcome keeps some). */
export interface RunSummary extends RunCounts {
  failures: FailedItem[];
}

export interface CatalogStats {
  items: number;
  bytes: number;
  storedBytes: number;
  bySubService: Record<SubService, { items: number; bytes: number }>;
}

export interface DailyCount {
  day: string;
  bySubService: Record<SubService, number>;
}

export interface BlobIdPage {
  ids: string[];
  next?: string;
}
