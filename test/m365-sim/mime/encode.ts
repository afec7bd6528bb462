/** Header and body encodings: RFC 2047 encoded-words, addresses, base64 lines, quoted-printable, dates. */

export interface Address {
  name: string;
  address: string;
}

export const CRLF = '\r\n';

export function needsEncoding(s: string): boolean {
  return /[^\x20-\x7e]/.test(s);
}

/** RFC 2047 encoded-word(s), UTF-8 base64, split so each line stays short. */
export function encodeWord(s: string): string {
  if (!needsEncoding(s)) return s;
  const words: string[] = [];
  let chunk = '';
  for (const ch of s) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words
    .map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`)
    .join(CRLF + ' ');
}

export function formatAddress(a: Address): string {
  if (!a.name) return `<${a.address}>`;
  const name = needsEncoding(a.name)
    ? encodeWord(a.name)
    : /[(),.:;<>@[\]"]/.test(a.name)
      ? `"${a.name.replace(/(["\\])/g, '\\$1')}"`
      : a.name;
  return `${name} <${a.address}>`;
}

export function base64Lines(data: Uint8Array): string {
  const b64 = Buffer.from(data).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF);
}

/** Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies. */
export function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text.replace(/\r?\n/g, '\n'), 'utf8');
  const out: string[] = [];
  let line = '';
  const flush = (soft: boolean) => {
    out.push(line + (soft ? '=' : ''));
    line = '';
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a) {
      if (line.endsWith(' ') || line.endsWith('\t')) {
        const last = line.charCodeAt(line.length - 1);
        line = line.slice(0, -1) + '=' + last.toString(16).toUpperCase().padStart(2, '0');
      }
      flush(false);
      continue;
    }
    const enc =
      (b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 9
        ? String.fromCharCode(b)
        : '=' + b.toString(16).toUpperCase().padStart(2, '0');
    if (line.length + enc.length > 75) flush(true);
    line += enc;
  }
  out.push(line);
  return out.join(CRLF);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function rfc2822Date(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
