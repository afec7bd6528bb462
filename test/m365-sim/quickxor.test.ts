/**
 * QuickXorHash against vectors derived by hand from Microsoft's description of the algorithm
 * (https://learn.microsoft.com/onedrive/developer/code-snippets/quickxorhash), against a
 * bit-by-bit reference written straight from that description, and end to end: the
 * `file.hashes.quickXorHash` a driveItem reports is the hash of the bytes it downloads.
 *
 * How the vectors were derived (register bytes r[0..19], little-endian; byte i of the input
 * goes to bit offset o = 11·i mod 160, i.e. into r[o >> 3] shifted left by o & 7, its high
 * bits spilling into the next byte, r[19] wrapping to r[0]; finally the length, 64-bit
 * little-endian, is XORed into r[12..19]):
 *
 * - "" → all zero; length 0 → 20 zero bytes.
 * - "abc" = 61 62 63: 0x61 at bit 0 → r[0] = 61. 0x62 at bit 11 → r[1] ^= (62 << 3) & ff = 10,
 *   r[2] ^= 62 >> 5 = 03. 0x63 at bit 22 → r[2] ^= (63 << 6) & ff = c0, r[3] ^= 63 >> 2 = 18.
 *   r[2] = 03 ^ c0 = c3. Length 3 → r[12] = 03.
 *   → 61 10 c3 18 00 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00.
 * - 01, thirteen 00, ff (15 bytes): 0x01 at bit 0 → r[0] = 01. 0xff at bit 154 (= 11·14)
 *   → r[19] ^= (ff << 2) & ff = fc and, wrapping, r[0] ^= ff >> 6 = 03, so r[0] = 02.
 *   Length 15 → r[12] = 0f.
 * - 01, 159 × 00, 01 (161 bytes): bytes 0 and 160 share bit offset 0 (160·11 ≡ 0 mod 160)
 *   and cancel. Length 161 → r[12] = a1; everything else 0.
 * - 300 × 00: the register stays 0; length 300 = 0x012c → r[12] = 2c, r[13] = 01.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuickXorHash, quickXorHash } from './quickxor.ts';
import { bytesAt } from './random.ts';
import { drain, json, startTestSim, type TestSim } from './test-helpers.ts';

const hex = (data: Uint8Array) =>
  Buffer.from(new QuickXorHash().update(data).digest()).toString('hex');

/** The description, literally: flip bit (11·i + b) mod 160 for every set bit b of byte i. */
function reference(data: Uint8Array): string {
  const bits = new Uint8Array(160);
  data.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) {
      const k = (11 * i + b) % 160;
      if ((byte >> b) & 1) bits[k] = (bits[k] ?? 0) ^ 1;
    }
  });
  const out = Buffer.alloc(20);
  bits.forEach((bit, k) => {
    if (bit) out[k >> 3] = (out[k >> 3] ?? 0) | (1 << (k & 7));
  });
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(data.length));
  for (let i = 0; i < 8; i++) out[12 + i] = (out[12 + i] ?? 0) ^ (len[i] ?? 0);
  return out.toString('base64');
}

describe('QuickXorHash', () => {
  it('matches the vectors derived by hand', () => {
    expect(quickXorHash(new Uint8Array(0))).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    expect(hex(Buffer.from('abc'))).toBe('6110c31800000000000000000300000000000000');
    expect(quickXorHash(Buffer.from('abc'))).toBe('YRDDGAAAAAAAAAAAAwAAAAAAAAA=');
    const wrap = new Uint8Array(15);
    wrap[0] = 0x01;
    wrap[14] = 0xff;
    expect(hex(wrap)).toBe('02' + '00'.repeat(11) + '0f' + '00'.repeat(6) + 'fc');
    const fold = new Uint8Array(161);
    fold[0] = 0x01;
    fold[160] = 0x01;
    expect(hex(fold)).toBe('00'.repeat(12) + 'a1' + '00'.repeat(7));
    expect(hex(new Uint8Array(300))).toBe('00'.repeat(12) + '2c01' + '00'.repeat(6));
  });

  it('agrees with an independent implementation on a published vector', () => {
    // "hello world" as printed by the quickxorhash C library's Python binding (PyPI
    // "quickxorhash", built on github.com/flowerysong/quickxorhash).
    expect(quickXorHash(Buffer.from('hello world'))).toBe('aCgDG9jwBhDc4Q1yawMZAAAAAAA=');
  });

  it('equals the bit-by-bit reference for any data and any chunking', () => {
    for (const size of [1, 19, 20, 159, 160, 161, 1000, 65_537]) {
      const data = bytesAt(size, 0, size);
      const whole = quickXorHash(data);
      expect(whole).toBe(reference(data));
      const chunked = new QuickXorHash();
      for (let p = 0, step = 1; p < size; p += step, step = (step * 7) % 97 || 1)
        chunked.update(data.subarray(p, Math.min(size, p + step)));
      expect(chunked.base64()).toBe(whole);
    }
  });
});

describe('driveItem file.hashes', () => {
  let sim: TestSim;
  let user: string;
  beforeAll(async () => {
    sim = await startTestSim({ throttling: false, size: { users: 3, messagesPerMailbox: 5 } });
    user = (await sim.firstUser()).id;
  });
  afterAll(() => sim.close());

  type Item = {
    id: string;
    name: string;
    size: number;
    file?: { hashes: Record<string, string> };
  };

  it('reports quickXorHash (and only that, as OneDrive for Business does) of the bytes a download returns', async () => {
    const all = (await drain(sim, `/users/${user}/drive/root/delta`)).values as Item[];
    const files = all.filter((v) => v.file);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files.filter((x) => x.size < 5_000_000)) {
      expect(Object.keys(f.file?.hashes ?? {})).toEqual(['quickXorHash']);
      const res = await sim.graph(`/users/${user}/drive/items/${f.id}/content`);
      const bytes = Buffer.from(
        await (await fetch(res.headers.get('location') ?? '')).arrayBuffer(),
      );
      expect(f.file?.hashes.quickXorHash).toBe(quickXorHash(bytes));
    }
    expect(files.find((x) => x.size === 0)?.file?.hashes.quickXorHash).toBe(
      'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
  });

  it('hashes uploaded content, through PUT and through upload sessions', async () => {
    const small = Buffer.from('Bulwark restore ✓');
    const put = await json<Item>(
      await sim.graph(`/users/${user}/drive/root:/hashes-small.txt:/content`, {
        method: 'PUT',
        body: small,
      }),
    );
    expect(put.file?.hashes.quickXorHash).toBe(quickXorHash(small));
    const data = Buffer.from(bytesAt(99, 0, 327_680 + 1234));
    const session = await json<{ uploadUrl: string }>(
      await sim.graph(`/users/${user}/drive/root:/hashes-big.bin:/createUploadSession`, {
        method: 'POST',
        json: {},
      }),
    );
    const part = (s: number, e: number) =>
      fetch(session.uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Range': `bytes ${s}-${e - 1}/${data.length}` },
        body: data.subarray(s, e),
      });
    expect((await part(0, 327_680)).status).toBe(202);
    const done = await json<Item>(await part(327_680, data.length));
    expect(done.file?.hashes.quickXorHash).toBe(quickXorHash(data));
    const again = await json<Item>(await sim.graph(`/users/${user}/drive/items/${done.id}`));
    expect(again.file?.hashes.quickXorHash).toBe(quickXorHash(data));
  });
});
