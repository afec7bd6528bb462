/** A small valid PNG for inline images. */
import { deflateSync } from 'node:zlib';

let pngCache: Map<number, Buffer> | undefined;
/** A real 8×8 PNG (one colour derived from the seed). */
export function tinyPng(seed: number): Buffer {
  pngCache ??= new Map();
  const hit = pngCache.get(seed % 16);
  if (hit) return hit;
  const w = 8;
  const raw = Buffer.alloc((w * 3 + 1) * w);
  const c = [(seed * 37) & 0xff, (seed * 91) & 0xff, (seed * 53) & 0xff];
  for (let y = 0; y < w; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++)
      for (let k = 0; k < 3; k++) raw[y * (w * 3 + 1) + 1 + x * 3 + k] = c[k] ?? 0;
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let v = n;
    for (let k = 0; k < 8; k++) v = v & 1 ? 0xedb88320 ^ (v >>> 1) : v >>> 1;
    return v >>> 0;
  });
  const crc = (buf: Buffer) => {
    let v = 0xffffffff;
    for (const b of buf) v = (crcTable[(v ^ b) & 0xff] ?? 0) ^ (v >>> 8);
    return (v ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c2 = Buffer.alloc(4);
    c2.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c2]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  pngCache.set(seed % 16, png);
  return png;
}
