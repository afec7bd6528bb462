import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../../workers/storage/blob-store';
import { MemoryBlobStore } from '../../workers/storage/memory-blob-store';
import { R2BlobStore } from '../../workers/storage/r2-blob-store';
import { blobStoreForRegion } from '../../workers/storage/region-stores';

// One conformance suite for every BlobStore: R2 (binding), S3 (s3rver through the region
// registry) and memory must behave identically.
const implementations: [string, () => BlobStore][] = [
  ['R2 binding', () => new R2BlobStore(env.STORE_EU)],
  ['region registry → R2 (us)', () => blobStoreForRegion(env, 'us')],
  ['region registry → S3 (au, s3rver)', () => blobStoreForRegion(env, 'au')],
  ['memory', () => new MemoryBlobStore()],
];

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536)
    crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

describe.each(implementations)('BlobStore conformance: %s', (_name, make) => {
  const prefix = () => `v1/test-${crypto.randomUUID()}/`;

  it('writes create-only and never overwrites an existing key', async () => {
    const store = make();
    const key = `${prefix()}b/ab/abcdef`;
    expect(await store.putIfAbsent(key, new TextEncoder().encode('first'))).toBe(true);
    expect(await store.putIfAbsent(key, new TextEncoder().encode('second'))).toBe(false);
    const object = await store.get(key);
    expect(new TextDecoder().decode(await bytesOf(object!.body))).toBe('first');
  });

  it('round-trips binary content and reports its size', async () => {
    const store = make();
    const key = `${prefix()}blob`;
    const bytes = randomBytes(1_234_567);
    await store.putIfAbsent(key, bytes);
    expect(await store.head(key)).toBe(bytes.byteLength);
    const object = await store.get(key);
    expect(object!.size).toBe(bytes.byteLength);
    const read = await bytesOf(object!.body);
    expect(read.byteLength).toBe(bytes.byteLength);
    // Compared by digest: element-wise equality of megabytes is needlessly slow.
    expect(await sha256(read)).toBe(await sha256(bytes));
  });

  it('reads a byte range', async () => {
    const store = make();
    const key = `${prefix()}ranged`;
    const bytes = randomBytes(10_000);
    await store.putIfAbsent(key, bytes);
    const part = await store.get(key, { offset: 1000, length: 2500 });
    expect(part!.size).toBe(2500);
    expect(await bytesOf(part!.body)).toEqual(bytes.subarray(1000, 3500));
  });

  it('answers null for a missing key', async () => {
    const store = make();
    expect(await store.get(`${prefix()}missing`)).toBeNull();
    expect(await store.head(`${prefix()}missing`)).toBeNull();
  });

  it('keeps keys with spaces and reserved characters intact', async () => {
    const store = make();
    const key = `${prefix()}a b/c+d=e&f`;
    expect(await store.putIfAbsent(key, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(await store.head(key)).toBe(3);
    expect((await store.list(key)).keys).toEqual([key]);
  });

  it('lists a prefix page by page, every key once', async () => {
    const store = make();
    const base = prefix();
    const keys = Array.from({ length: 7 }, (_, i) => `${base}k${i}`);
    for (const key of keys) await store.putIfAbsent(key, new Uint8Array([0]));
    await store.putIfAbsent(`${prefix()}other`, new Uint8Array([0]));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(base, cursor, 3);
      expect(page.keys.length).toBeLessThanOrEqual(3);
      seen.push(...page.keys);
      cursor = page.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(keys.sort());
  });

  it('deletes keys', async () => {
    const store = make();
    const base = prefix();
    await store.putIfAbsent(`${base}x`, new Uint8Array([1]));
    await store.putIfAbsent(`${base}y`, new Uint8Array([2]));
    await store.delete([`${base}x`, `${base}y`, `${base}never-there`]);
    expect((await store.list(base)).keys).toEqual([]);
  });
});

describe('region registry', () => {
  it('refuses a region with no store', () => {
    expect(() => blobStoreForRegion(env, 'mars')).toThrow(/no store is configured/);
  });
});
