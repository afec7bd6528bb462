import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../workers/backup/blob-reader';
import { writeContent } from '../../workers/backup/blob-writer';
import { readLogRecords, writeLogRecord } from '../../workers/backup/log-record';
import { blobKey, entityPrefix } from '../../workers/backup/types';
import { CryptoError, generateWrappedDataKey, openDataKey } from '../../workers/crypto';
import type { BlobStore } from '../../workers/storage/blob-store';
import { MemoryBlobStore } from '../../workers/storage/memory-blob-store';
import { R2BlobStore } from '../../workers/storage/r2-blob-store';
import { blobStoreForRegion } from '../../workers/storage/region-stores';

const kek = env.KEK_BASE64;
const otherKek = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

async function sha256Hex(bytes: Uint8Array): Promise<string> {
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

/** A stream that hands out `bytes` in uneven pieces, as a network body would. */
function streamOf(bytes: Uint8Array, piece: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      const size = Math.min(piece + (at % 7), bytes.byteLength - at);
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

describe('data keys and sealing', () => {
  it('round-trips text (compressed) and random bytes (stored as is)', async () => {
    const keys = await openDataKey(kek, await generateWrappedDataKey(kek));
    const text = new TextEncoder().encode('Subject: hello\r\n\r\n' + 'lorem ipsum '.repeat(2000));
    const sealedText = await keys.seal(text);
    expect(sealedText.byteLength).toBeLessThan(text.byteLength / 4);
    expect(sealedText[1]).toBe(1);
    expect(await keys.open(sealedText)).toEqual(text);

    const noise = randomBytes(5000);
    const sealedNoise = await keys.seal(noise);
    expect(sealedNoise[1]).toBe(0);
    expect(sealedNoise.byteLength).toBe(noise.byteLength + 2 + 12 + 16);
    expect(await keys.open(sealedNoise)).toEqual(noise);
  });

  it('derives content ids per entity: same key same id, another entity another id', async () => {
    const wrapped = await generateWrappedDataKey(kek);
    const a = await openDataKey(kek, wrapped);
    const again = await openDataKey(kek, wrapped);
    const b = await openDataKey(kek, await generateWrappedDataKey(kek));
    const plain = new TextEncoder().encode('same content');
    const id = await a.contentId(plain);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await again.contentId(plain)).toBe(id);
    expect(await b.contentId(plain)).not.toBe(id);
    expect(id).not.toBe(await sha256Hex(plain));
  });

  it('refuses tampered bytes, a wrong data key and a wrong KEK with a CryptoError', async () => {
    const wrapped = await generateWrappedDataKey(kek);
    const keys = await openDataKey(kek, wrapped);
    const sealed = await keys.seal(new TextEncoder().encode('secret mail'));
    const tampered = sealed.slice();
    tampered[tampered.byteLength - 20]! ^= 0x01;
    await expect(keys.open(tampered)).rejects.toThrow(/tampered/);
    const flagFlipped = sealed.slice();
    flagFlipped[1] = flagFlipped[1] === 1 ? 0 : 1;
    await expect(keys.open(flagFlipped)).rejects.toBeInstanceOf(CryptoError);
    await expect(keys.open(sealed.subarray(0, 10))).rejects.toThrow(/truncated/);

    const stranger = await openDataKey(kek, await generateWrappedDataKey(kek));
    await expect(stranger.open(sealed)).rejects.toThrow(/wrong key/);
    await expect(openDataKey(otherKek, wrapped)).rejects.toThrow(/wrong key-encryption key/);
    await expect(openDataKey(kek, 'nonsense')).rejects.toBeInstanceOf(CryptoError);
  });
});

const stores: [string, () => BlobStore][] = [
  ['R2 (STORE_US)', () => new R2BlobStore(env.STORE_US)],
  ['S3 (au, s3rver)', () => blobStoreForRegion(env, 'au')],
  ['memory', () => new MemoryBlobStore()],
];

describe.each(stores)('blob writer and reader: %s', (_name, make) => {
  const ids = () => ({ accountId: `acc-${crypto.randomUUID()}`, entityId: 'mbx-1' });

  it('round-trips content and deduplicates a second write (0 bytes stored)', async () => {
    const store = make();
    const { accountId, entityId } = ids();
    const keys = await openDataKey(kek, await generateWrappedDataKey(kek));
    const body = new TextEncoder().encode(
      'MIME-Version: 1.0\r\n\r\n' + 'body line\r\n'.repeat(500),
    );
    const first = await writeContent(store, keys, accountId, entityId, body);
    expect(first.size).toBe(body.byteLength);
    expect(first.sha256).toBe(await sha256Hex(body));
    expect(first.chunks).toHaveLength(1);
    expect(first.storedSize).toBeGreaterThan(0);
    expect(await store.head(blobKey(accountId, entityId, first.chunks[0]!))).toBe(first.storedSize);

    const second = await writeContent(store, keys, accountId, entityId, body);
    expect(second).toEqual({ ...first, storedSize: 0 });

    const read = await bytesOf(readContent(store, keys, accountId, entityId, first.chunks));
    expect(read).toEqual(body);
  });

  it('chunks a streamed body larger than the chunk size and reads it back', async () => {
    const store = make();
    const { accountId, entityId } = ids();
    const keys = await openDataKey(kek, await generateWrappedDataKey(kek));
    const body = randomBytes(100_000);
    const written = await writeContent(store, keys, accountId, entityId, streamOf(body, 3000), {
      chunkBytes: 16_384,
    });
    expect(written.chunks).toHaveLength(Math.ceil(100_000 / 16_384));
    expect(written.size).toBe(100_000);
    expect(written.sha256).toBe(await sha256Hex(body));
    const listed = await store.list(`${entityPrefix(accountId, entityId)}b/`);
    expect(listed.keys).toHaveLength(written.chunks.length);
    const read = await bytesOf(readContent(store, keys, accountId, entityId, written.chunks));
    expect(await sha256Hex(read)).toBe(written.sha256);

    // Same content from a byte array: the same chunk ids, nothing new stored.
    const again = await writeContent(store, keys, accountId, entityId, body, {
      chunkBytes: 16_384,
    });
    expect(again.chunks).toEqual(written.chunks);
    expect(again.storedSize).toBe(0);
  });

  it('stores an empty body as no chunks', async () => {
    const store = make();
    const { accountId, entityId } = ids();
    const keys = await openDataKey(kek, await generateWrappedDataKey(kek));
    const written = await writeContent(store, keys, accountId, entityId, new Uint8Array());
    expect(written).toEqual({
      sha256: await sha256Hex(new Uint8Array()),
      size: 0,
      storedSize: 0,
      chunks: [],
    });
    expect(await bytesOf(readContent(store, keys, accountId, entityId, []))).toEqual(
      new Uint8Array(),
    );
  });

  it('fails reading with another entity key, and for a missing chunk', async () => {
    const store = make();
    const { accountId, entityId } = ids();
    const keys = await openDataKey(kek, await generateWrappedDataKey(kek));
    const written = await writeContent(
      store,
      keys,
      accountId,
      entityId,
      new TextEncoder().encode('x'.repeat(999)),
    );
    const stranger = await openDataKey(kek, await generateWrappedDataKey(kek));
    await expect(
      bytesOf(readContent(store, stranger, accountId, entityId, written.chunks)),
    ).rejects.toThrow(/wrong key or tampered/);
    await expect(
      bytesOf(readContent(store, keys, accountId, entityId, ['ab'.repeat(32)])),
    ).rejects.toThrow(/missing/);
  });

  it('writes sealed log records that read back in seq order', async () => {
    const store = make();
    const { accountId, entityId } = ids();
    const keys = await openDataKey(kek, await generateWrappedDataKey(kek));
    const base = { scope: 'mail:inbox', cursorFrom: null, removals: [] };
    const k2 = await writeLogRecord(store, keys, accountId, entityId, {
      ...base,
      seq: 2,
      cursorTo: 'delta-2',
      upserts: [],
    });
    const k1 = await writeLogRecord(store, keys, accountId, entityId, {
      ...base,
      seq: 1,
      cursorTo: 'delta-1',
      upserts: [{ graphId: 'm1', sha256: 'aa', chunks: ['c1'] }],
    });
    expect(k1).toMatch(
      new RegExp(`^${entityPrefix(accountId, entityId)}log/0000000001/\\d{15}-[0-9a-f]{12}$`),
    );
    const object = await store.get(k1);
    const raw = new TextDecoder().decode(await bytesOf(object!.body));
    expect(raw).not.toContain('delta-1');
    const records = [];
    for await (const r of readLogRecords(store, keys, accountId, entityId)) records.push(r);
    expect(records.map((r) => r.key)).toEqual([k1, k2]);
    expect(records[0]!.record.upserts[0]).toEqual({ graphId: 'm1', sha256: 'aa', chunks: ['c1'] });
  });
});
