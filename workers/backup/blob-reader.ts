import type { EntityKeys } from '../crypto/entity-keys';
import type { BlobStore } from '../storage/blob-store';
import { blobKey } from './types';

export class MissingBlobError extends Error {
  override name = 'MissingBlobError';
}

/**
 * The plaintext of one item version, decrypted chunk by chunk as the consumer pulls, so a
 * restore or export streams content of any size through a Worker.
 */
export function readContent(
  store: BlobStore,
  keys: EntityKeys,
  accountId: string,
  entityId: string,
  chunks: string[],
): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const id = chunks[next++];
        if (id === undefined) {
          controller.close();
          return;
        }
        controller.enqueue(await readChunk(store, keys, blobKey(accountId, entityId, id)));
      },
    },
    // One decrypted chunk ahead at most.
    { highWaterMark: 0 },
  );
}

async function readChunk(store: BlobStore, keys: EntityKeys, key: string): Promise<Uint8Array> {
  const object = await store.get(key);
  if (!object) throw new MissingBlobError(`blob ${key} is missing from the ${store.kind} store`);
  const sealed = new Uint8Array(await new Response(object.body).arrayBuffer());
  return keys.open(sealed);
}
