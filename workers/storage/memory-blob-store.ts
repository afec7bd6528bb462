import type { BlobListing, BlobObject, BlobStore, ByteRange } from './blob-store';

/** In-memory store for unit tests and tools; same contract as the real ones. */
export class MemoryBlobStore implements BlobStore {
  readonly kind = 'memory';
  private readonly objects = new Map<string, Uint8Array>();

  async putIfAbsent(key: string, body: Uint8Array): Promise<boolean> {
    if (this.objects.has(key)) return false;
    this.objects.set(key, body.slice());
    return true;
  }

  async get(key: string, range?: ByteRange): Promise<BlobObject | null> {
    const bytes = this.objects.get(key);
    if (!bytes) return null;
    const part = range ? bytes.subarray(range.offset, range.offset + range.length) : bytes;
    return { key, size: part.byteLength, body: new Blob([part]).stream() };
  }

  async head(key: string): Promise<number | null> {
    return this.objects.get(key)?.byteLength ?? null;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }

  async list(prefix: string, cursor?: string, limit = 1000): Promise<BlobListing> {
    const keys = [...this.objects.keys()]
      .filter((k) => k.startsWith(prefix) && (cursor === undefined || k > cursor))
      .sort();
    const page = keys.slice(0, limit);
    return { keys: page, cursor: keys.length > limit ? page.at(-1) : undefined };
  }
}
