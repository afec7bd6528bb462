/**
 * QuickXorHash, the content hash OneDrive for Business and SharePoint report in
 * `driveItem.file.hashes.quickXorHash`, implemented from Microsoft's description
 * (https://learn.microsoft.com/onedrive/developer/code-snippets/quickxorhash):
 *
 * - the state is a 160-bit register, initially zero;
 * - byte i of the input (i counts from 0 over the whole stream) is XORed into the register
 *   at bit offset (i × 11) mod 160, wrapping around the end of the register;
 * - after the last byte, the input length as a 64-bit little-endian integer is XORed into
 *   the last 8 of the register's 20 bytes;
 * - the register is little-endian (bit k is bit k mod 8 of byte ⌊k / 8⌋) and the hash is the
 *   base64 of its 20 bytes.
 *
 * Since 160 × 11 ≡ 0 (mod 160), bytes 160 positions apart land on the same offset; the
 * implementation XORs each byte into one of 160 lanes (its position mod 160) and shifts the
 * lanes into place once, in `digest()`. Streaming in chunks of any size gives the same result.
 */
import { bytesAt } from './random.ts';
import type { FileContent } from './tenant.ts';

const WIDTH = 160;
const SHIFT = 11;

export class QuickXorHash {
  private readonly lanes = new Uint8Array(WIDTH);
  private length = 0;

  update(data: Uint8Array): this {
    const lanes = this.lanes;
    let lane = this.length % WIDTH;
    for (let i = 0; i < data.length; i++) {
      lanes[lane] = (lanes[lane] ?? 0) ^ (data[i] ?? 0);
      if (++lane === WIDTH) lane = 0;
    }
    this.length += data.length;
    return this;
  }

  /** The 20 bytes of the hash. */
  digest(): Uint8Array {
    const out = new Uint8Array(WIDTH / 8);
    for (let lane = 0; lane < WIDTH; lane++) {
      const v = this.lanes[lane] ?? 0;
      if (v === 0) continue;
      const bit = (lane * SHIFT) % WIDTH;
      const byte = bit >> 3;
      const shift = bit & 7;
      out[byte] = (out[byte] ?? 0) ^ ((v << shift) & 0xff);
      if (shift) {
        const next = (byte + 1) % out.length;
        out[next] = (out[next] ?? 0) ^ (v >> (8 - shift));
      }
    }
    let len = BigInt(this.length);
    for (let i = 0; i < 8; i++) {
      const at = out.length - 8 + i;
      out[at] = (out[at] ?? 0) ^ Number(len & 0xffn);
      len >>= 8n;
    }
    return out;
  }

  /** The hash as Microsoft reports it (base64). */
  base64(): string {
    return Buffer.from(this.digest()).toString('base64');
  }
}

export function quickXorHash(data: Uint8Array): string {
  return new QuickXorHash().update(data).base64();
}

const seeded = new Map<string, string>();
const stored = new WeakMap<Uint8Array, string>();

/** QuickXorHash of a file's content (cached; generated content is hashed in 1 MiB chunks). */
export function contentQuickXor(c: FileContent): string {
  if (c.bytes) {
    let h = stored.get(c.bytes);
    if (h === undefined) stored.set(c.bytes, (h = quickXorHash(c.bytes)));
    return h;
  }
  const key = `${c.seed ?? 0}:${c.size}`;
  let h = seeded.get(key);
  if (h === undefined) {
    const q = new QuickXorHash();
    const chunk = 1 << 20;
    for (let p = 0; p < c.size; p += chunk)
      q.update(bytesAt(c.seed ?? 0, p, Math.min(c.size, p + chunk)));
    h = q.base64();
    if (seeded.size > 10_000) seeded.clear();
    seeded.set(key, h);
  }
  return h;
}
