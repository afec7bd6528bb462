/**
 * Stores the items of one delta page: each body streamed into sealed, content-addressed
 * blobs (create-only), at most `concurrency` items at a time — the mailbox governor allows 4
 * concurrent Graph requests, so more would only wait. Blob writes happen before the catalog
 * commit that references them (DESIGN §2), so the catalog never points at missing data.
 */
import type { EntityKeys } from '../crypto/entity-keys';
import { ItemGoneError } from '../exchange/errors';
import type { ReaderItem } from '../exchange/types';
import { GraphApiError } from '../graph/graph-error';
import type { BlobStore } from '../storage/blob-store';
import { writeContent } from './blob-writer';
import type { CatalogItemInput, ItemKind } from './types';

export interface StoredPage {
  upserts: CatalogItemInput[];
  gone: Array<{ kind: ItemKind; graphId: string }>;
  failures: Array<{ graphId: string; reason: string }>;
  storedBytes: number;
}

/** A failure while storing one item that retrying the whole slice may fix; names the item. */
export class ItemStoreError extends Error {
  constructor(
    readonly graphId: string,
    override readonly cause: unknown,
  ) {
    super(
      `while backing up item ${graphId}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'ItemStoreError';
  }
}

export async function storeItems(
  items: ReaderItem[],
  target: { store: BlobStore; keys: EntityKeys; accountId: string; entityId: string },
  concurrency = 4,
): Promise<StoredPage> {
  const out: StoredPage = { upserts: [], gone: [], failures: [], storedBytes: 0 };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await storeOne(item, target, out);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

async function storeOne(
  item: ReaderItem,
  target: { store: BlobStore; keys: EntityKeys; accountId: string; entityId: string },
  out: StoredPage,
): Promise<void> {
  try {
    const body = await item.content();
    const written = await writeContent(
      target.store,
      target.keys,
      target.accountId,
      target.entityId,
      body,
    );
    out.storedBytes += written.storedSize;
    out.upserts.push({
      kind: item.kind,
      graphId: item.graphId,
      folderGraphId: item.folderGraphId,
      changeKey: item.changeKey,
      sha256: written.sha256,
      size: written.size,
      storedSize: written.storedSize,
      chunks: written.chunks,
      meta: item.meta,
      // Read after content(): mail attachment names are known once the MIME was streamed.
      search: item.search,
    });
  } catch (error) {
    if (error instanceof ItemGoneError) {
      // Deleted between the delta page and the fetch: it is gone, not failed (C6).
      out.gone.push({ kind: item.kind, graphId: item.graphId });
      return;
    }
    if (error instanceof GraphApiError && !error.retryable) {
      out.failures.push({ graphId: item.graphId, reason: `${error.code}: ${error.message}` });
      return;
    }
    throw new ItemStoreError(item.graphId, error);
  }
}
