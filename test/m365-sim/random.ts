import { createHash } from 'node:crypto';

/** 32-bit FNV-1a over a string, the root of every derived seed. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x7c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small, fast deterministic PRNG (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  static of(...parts: (string | number)[]): Rng {
    return new Rng(hash32(...parts));
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A GUID in canonical form, deterministic for this generator. */
  guid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 32; i++) hex.push(Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** A deterministic GUID for a name. */
export function guidOf(...parts: (string | number)[]): string {
  return Rng.of('guid', ...parts).guid();
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256B64(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

const BLOCK = 4096;

function fillBlock(seed: number, block: number, out: Uint8Array, offset: number): void {
  let x = hash32(seed, block) | 1;
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[offset + i] = x & 0xff;
    out[offset + i + 1] = (x >>> 8) & 0xff;
    out[offset + i + 2] = (x >>> 16) & 0xff;
    out[offset + i + 3] = (x >>> 24) & 0xff;
  }
}

/**
 * Deterministic pseudo-random bytes addressed by position: `bytesAt(seed, start, end)`
 * equals the slice [start, end) of one endless stream for that seed, so a 25 MB file can
 * be served by ranges without ever being stored.
 */
export function bytesAt(seed: number, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  if (out.length === 0) return out;
  const firstBlock = Math.floor(start / BLOCK);
  const lastBlock = Math.floor((end - 1) / BLOCK);
  const tmp = new Uint8Array(BLOCK);
  for (let b = firstBlock; b <= lastBlock; b++) {
    fillBlock(seed, b, tmp, 0);
    const blockStart = b * BLOCK;
    const from = Math.max(start, blockStart) - blockStart;
    const to = Math.min(end, blockStart + BLOCK) - blockStart;
    out.set(tmp.subarray(from, to), blockStart + from - start);
  }
  return out;
}

const streamHashes = new Map<string, string>();

/** SHA-256 of a whole position-addressed stream of `size` bytes (hex), computed in chunks. */
export function streamHash(seed: number, size: number): string {
  const key = `${seed}:${size}`;
  let hex = streamHashes.get(key);
  if (hex === undefined) {
    hex = computeStreamHash(seed, size);
    if (streamHashes.size > 10_000) streamHashes.clear();
    streamHashes.set(key, hex);
  }
  return hex;
}

function computeStreamHash(seed: number, size: number): string {
  const h = createHash('sha256');
  const chunk = 1 << 20;
  for (let p = 0; p < size; p += chunk) h.update(bytesAt(seed, p, Math.min(size, p + chunk)));
  return h.digest('hex');
}
