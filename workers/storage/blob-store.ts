/**
 * Where backup data lives: one interface over R2, S3-compatible buckets and memory, so the
 * engine never knows which. Every implementation passes the same conformance suite
 * (test/integration/blob-store.test.ts).
 */
export interface BlobObject {
  key: string;
  size: number;
  body: ReadableStream<Uint8Array>;
}

export interface BlobListing {
  keys: string[];
  /** Present when more keys follow; pass it back to continue. */
  cursor?: string;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface BlobStore {
  /** Human-readable kind for logs and errors ("r2", "s3", "memory"). */
  readonly kind: string;
  /**
   * Writes `body` under `key` unless the key already exists. Keys are content addresses,
   * so an existing key already holds these bytes: returns false and leaves it untouched.
   */
  putIfAbsent(key: string, body: Uint8Array): Promise<boolean>;
  get(key: string, range?: ByteRange): Promise<BlobObject | null>;
  /** Size in bytes, or null when absent. */
  head(key: string): Promise<number | null>;
  delete(keys: string[]): Promise<void>;
  list(prefix: string, cursor?: string, limit?: number): Promise<BlobListing>;
}
