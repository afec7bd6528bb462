import type { EntityKeys } from '../crypto/entity-keys';
import { bytesToHex } from '../domain/encoding';
import type { BlobStore } from '../storage/blob-store';
import { blobKey } from './types';

export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

/** workerd's streaming digest; named through a local type because the portal's DOM library
 *  (which type-checks this file via `AppType`) does not know it. */
const { DigestStream } = crypto as unknown as {
  DigestStream: new (algorithm: string) => WritableStream<ArrayBufferView> & {
    digest: Promise<ArrayBuffer>;
  };
};

export interface WrittenContent {
  /** SHA-256 (hex) of the whole plaintext. */
  sha256: string;
  /** Plaintext bytes. */
  size: number;
  /** Sealed bytes this call newly wrote; chunks already in the store count 0 (dedup). */
  storedSize: number;
  /** Content ids in order; their concatenated plaintext is the content. */
  chunks: string[];
}

/**
 * Stores one item's content: split into chunks of at most `chunkBytes`, each sealed and
 * written create-only under its content address. Holds at most one chunk (plus its sealed
 * copy) in memory, whatever the source size, so an attachment of gigabytes fits in a Worker.
 */
export async function writeContent(
  store: BlobStore,
  keys: EntityKeys,
  accountId: string,
  entityId: string,
  body: ReadableStream<Uint8Array> | Uint8Array,
  opts: { chunkBytes?: number } = {},
): Promise<WrittenContent> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) throw new Error('chunkBytes must be > 0');
  const digest = new DigestStream('SHA-256');
  const digestWriter = digest.getWriter();
  const result: WrittenContent = { sha256: '', size: 0, storedSize: 0, chunks: [] };

  for await (const chunk of rechunk(body, chunkBytes)) {
    await digestWriter.write(chunk);
    const id = await keys.contentId(chunk);
    const sealed = await keys.seal(chunk);
    if (await store.putIfAbsent(blobKey(accountId, entityId, id), sealed)) {
      result.storedSize += sealed.byteLength;
    }
    result.size += chunk.byteLength;
    result.chunks.push(id);
  }
  await digestWriter.close();
  result.sha256 = bytesToHex(new Uint8Array(await digest.digest));
  return result;
}

/** Re-slices any source into chunks of exactly `size` bytes (the last one may be shorter). */
async function* rechunk(
  body: ReadableStream<Uint8Array> | Uint8Array,
  size: number,
): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    for (let at = 0; at < body.byteLength; at += size) yield body.subarray(at, at + size);
    return;
  }
  const reader = body.getReader();
  let buffer = new Uint8Array(size);
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let at = 0;
      while (at < value.byteLength) {
        const take = Math.min(size - filled, value.byteLength - at);
        buffer.set(value.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === size) {
          yield buffer;
          // A fresh buffer: the consumer may still hold the previous one (store upload).
          buffer = new Uint8Array(size);
          filled = 0;
        }
      }
    }
    if (filled > 0) yield buffer.subarray(0, filled);
  } finally {
    reader.releaseLock();
  }
}
