import type { BlobListing, BlobObject, BlobStore, ByteRange } from './blob-store';

/** Cloudflare R2 through its Worker binding. */
export class R2BlobStore implements BlobStore {
  readonly kind = 'r2';

  constructor(private readonly bucket: R2Bucket) {}

  async putIfAbsent(key: string, body: Uint8Array): Promise<boolean> {
    // `etagDoesNotMatch: "*"` makes the write create-only: R2 answers null when the key exists.
    const written = await this.bucket.put(key, body, { onlyIf: { etagDoesNotMatch: '*' } });
    return written !== null;
  }

  async get(key: string, range?: ByteRange): Promise<BlobObject | null> {
    const object = await this.bucket.get(key, range ? { range } : undefined);
    if (object === null) return null;
    return {
      key,
      size: range ? Math.min(range.length, object.size - range.offset) : object.size,
      body: object.body,
    };
  }

  async head(key: string): Promise<number | null> {
    const object = await this.bucket.head(key);
    return object?.size ?? null;
  }

  async delete(keys: string[]): Promise<void> {
    // R2 deletes at most 1,000 keys per call.
    for (let i = 0; i < keys.length; i += 1000) await this.bucket.delete(keys.slice(i, i + 1000));
  }

  async list(prefix: string, cursor?: string, limit = 1000): Promise<BlobListing> {
    const page = await this.bucket.list({ prefix, cursor, limit });
    return {
      keys: page.objects.map((o) => o.key),
      cursor: page.truncated ? page.cursor : undefined,
    };
  }
}
