/**
 * Contracts shared by the backup engine's parts: the TenantCoordinator (runs), the queue
 * consumer (slices of Graph work), the EntityCatalog (item versions and cursors) and the
 * Exchange readers. Kept free of bindings so every part can import it.
 */
import { z } from 'zod';
import type { SubServiceOutcome } from '../db/backup-schema';
import { EXCHANGE_SUB_SERVICES, type ExchangeSubService } from '../domain/backup-values';

export {
  EXCHANGE_SUB_SERVICES,
  SUB_SERVICE_LABELS,
  type ExchangeSubService,
} from '../domain/backup-values';
export type SubService = ExchangeSubService;

export const ITEM_KINDS = ['message', 'contact', 'event', 'task', 'note'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** A container of items: mail folder, contact folder, calendar, To Do list. */
export interface FolderInput {
  graphId: string;
  parentGraphId: string | null;
  name: string;
  /** Well-known name when Graph has one (inbox, sentitems, recoverableitemsdeletions …). */
  wellKnown?: string;
  hidden?: boolean;
}

/** Text the FTS5 index keeps for an item (C9). Absent fields are indexed as empty. */
export interface SearchText {
  subject?: string;
  from?: string;
  to?: string;
  body?: string;
  attachments?: string;
}

/** One item version as the consumer stored it: blobs already written, catalog next. */
export interface CatalogItemInput {
  kind: ItemKind;
  /** Immutable Graph id. */
  graphId: string;
  folderGraphId: string;
  changeKey?: string;
  /** SHA-256 (hex) of the plaintext content (MIME bytes, or the item's JSON). */
  sha256: string;
  /** Plaintext bytes. */
  size: number;
  /** Bytes the new blobs of this version added to the store (0 when all were deduplicated). */
  storedSize: number;
  /** Content-addressed blob ids, in order; their concatenated plaintext is the content. */
  chunks: string[];
  /** Small, listable metadata (subject, from, dates, read state, flags, categories …). */
  meta: Record<string, unknown>;
  search?: SearchText;
}

export interface CommitPageInput {
  seq: number;
  subService: SubService;
  /** Cursor scope, one per container: `${subService}:${folderGraphId}`. */
  scope: string;
  /** The cursor the page was read from (null: the scope's initial request). */
  expectedCursor: string | null;
  /** `@odata.nextLink`, or the `@odata.deltaLink` that ends this scope for the run. */
  nextCursor: string;
  scopeDone: boolean;
  upserts: CatalogItemInput[];
  removals: Array<{ kind: ItemKind; graphId: string }>;
  /** Items the page could not back up (recorded; the sub-service ends partial). */
  failures: Array<{ graphId: string; reason: string }>;
  /** Opaque Graph quota governor state, persisted with the page. */
  governor?: unknown;
}

export interface CommitPageResult {
  /** False when `expectedCursor` was no longer current: a duplicate delivery; nothing changed. */
  accepted: boolean;
  added: number;
  changed: number;
  deleted: number;
  unchanged: number;
}

export interface ScopeState {
  scope: string;
  subService: SubService;
  folderGraphId: string;
  /** Link to continue from; null = start with the initial (full) request. */
  cursor: string | null;
  /** True while a full enumeration is in progress (first sync or after a delta reset). */
  fullSweep: boolean;
}

/** Work message on `backup-work`: back up one sub-service of one entity for run `seq`. */
export const BackupPartMessage = z.object({
  v: z.literal(1),
  kind: z.literal('backup.part'),
  accountId: z.string().min(1),
  taskId: z.string().min(1),
  runId: z.string().min(1),
  entityId: z.string().min(1),
  subService: z.enum(EXCHANGE_SUB_SERVICES),
  seq: z.number().int().positive(),
});
export type BackupPartMessage = z.infer<typeof BackupPartMessage>;

export type { SubServiceOutcome };

/** The EntityCatalog Durable Object is named by account and entity, never by entity alone. */
export function entityCatalogName(accountId: string, entityId: string): string {
  return `${accountId}:${entityId}`;
}

/** Region-store key prefix of an entity's data (DESIGN §3). */
export function entityPrefix(accountId: string, entityId: string): string {
  return `v1/${accountId}/${entityId}/`;
}

export function blobKey(accountId: string, entityId: string, blobId: string): string {
  return `${entityPrefix(accountId, entityId)}b/${blobId.slice(0, 2)}/${blobId}`;
}
