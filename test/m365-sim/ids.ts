/**
 * Opaque ids in the shapes Microsoft uses: Outlook item ids (base64, ~150 chars in real
 * life, shorter here), immutable ids, OneDrive item ids (base32, 34 chars), Teams ids.
 * Every id carries enough to find the item again without a lookup table.
 */

export const Kind = {
  message: 1,
  mailFolder: 2,
  contact: 3,
  contactFolder: 4,
  event: 5,
  calendar: 6,
  todoList: 7,
  todoTask: 8,
  conversation: 9,
  thread: 10,
  post: 11,
  attachment: 12,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** `version` 0xffff marks an immutable id. */
export const IMMUTABLE = 0xffff;

export interface DecodedId {
  kind: number;
  scope: number;
  key: number;
  version: number;
}

function check(bytes: Buffer): number {
  let c = 0x5a;
  for (let i = 0; i < 11; i++) c = (c * 31 + (bytes[i] ?? 0)) & 0xff;
  return c;
}

export function encodeItemId(kind: number, scope: number, key: number, version: number): string {
  const b = Buffer.alloc(12);
  b.writeUInt8(kind, 0);
  b.writeUInt16BE(version, 1);
  b.writeUInt32BE(scope >>> 0, 3);
  b.writeUInt32BE(key >>> 0, 7);
  b.writeUInt8(0, 11);
  b.writeUInt8(check(b), 11);
  // Outlook ids are base64 with '/' → '-' and '+' → '_'; mutable ones start AAMk, immutable AAkA.
  const body = b.toString('base64').replace(/\//g, '-').replace(/\+/g, '_');
  return (
    (version === IMMUTABLE
      ? 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A'
      : 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAi') + body
  );
}

export function decodeItemId(id: string): DecodedId | null {
  const prefixes = [
    'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A',
    'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAi',
  ];
  const prefix = prefixes.find((p) => id.startsWith(p));
  if (!prefix) return null;
  const body = id.slice(prefix.length).replace(/-/g, '/').replace(/_/g, '+');
  if (body.length !== 16) return null;
  const b = Buffer.from(body, 'base64');
  if (b.length !== 12 || check(b) !== b.readUInt8(11)) return null;
  const version = b.readUInt16BE(1);
  if ((version === IMMUTABLE) !== (prefix === prefixes[0])) return null;
  return { kind: b.readUInt8(0), version, scope: b.readUInt32BE(3), key: b.readUInt32BE(7) };
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** OneDrive/SharePoint driveItem id: "01" + 32 base32 characters. */
export function encodeDriveItemId(scope: number, key: number): string {
  const b = Buffer.alloc(20);
  b.writeUInt32BE(scope >>> 0, 0);
  b.writeUInt32BE(key >>> 0, 4);
  for (let i = 8; i < 20; i++) b[i] = ((scope * 7 + key * 13 + i * 29) ^ 0xa5) & 0xff;
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return '01' + out.slice(0, 32);
}

export function decodeDriveItemId(id: string): { scope: number; key: number } | null {
  if (!/^01[A-Z2-7]{32}$/.test(id)) return null;
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const ch of id.slice(2)) {
    value = ((value << 5) | B32.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const b = Buffer.from(bytes);
  if (b.length < 8) return null;
  const scope = b.readUInt32BE(0);
  const key = b.readUInt32BE(4);
  return encodeDriveItemId(scope, key) === id ? { scope, key } : null;
}
