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
import { gateLargeBody, MemoryGate } from './memory-gate';
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

/** Bodies above this size take turns (see MemoryGate); below it they are stored side by side. */
const LARGE_BODY_BYTES = 1024 * 1024;

/**
 * One gate per isolate, not per page: the messages of a queue batch (different mailboxes)
 * are handled side by side in the same isolate and share its 128 MB.
 */
const ISOLATE_GATE = new MemoryGate();

interface Target {
  store: BlobStore;
  keys: EntityKeys;
  accountId: string;
  entityId: string;
  gate: MemoryGate;
}

export async function storeItems(
  items: ReaderItem[],
  target: Omit<Target, 'gate'>,
  concurrency = 4,
): Promise<StoredPage> {
  const out: StoredPage = { upserts: [], gone: [], failures: [], storedBytes: 0 };
  const gated: Target = { ...target, gate: ISOLATE_GATE };
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure the page is retried whole, so the other workers stop taking items.
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await storeOne(item, gated, out);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Settle every worker before returning, even when one failed: a body left streaming after
  // the invocation ends would keep the isolate's memory gate closed for good.
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  return out;
}

async function storeOne(item: ReaderItem, target: Target, out: StoredPage): Promise<void> {
  let release = () => {};
  try {
    const content = await item.content();
    let body: ReadableStream<Uint8Array> | Uint8Array = content;
    if (content instanceof ReadableStream) {
      const gated = gateLargeBody(content, target.gate, LARGE_BODY_BYTES);
      body = gated.body;
      release = gated.release;
    }
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
  } finally {
    release();
  }
}
