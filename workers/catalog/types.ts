import type { ItemKind, SubService } from '../backup/types';

/** Results of EntityCatalog queries; plain data so they cross RPC unchanged. */
export interface SnapshotItem {
  graphId: string;
  folderGraphId: string;
  kind: ItemKind;
  sha256: string;
  size: number;
  chunks: string[];
  meta: Record<string, unknown>;
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

export interface RunSummary {
  items: number;
  added: number;
  changed: number;
  deleted: number;
  /** Plaintext bytes of the snapshot. */
  bytes: number;
  /** Store bytes added by this run. */
  storedBytes: number;
  failures: Array<{ graphId: string; reason: string }>;
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
