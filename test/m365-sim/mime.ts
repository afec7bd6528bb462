/**
 * Internet message format (RFC 5322) and MIME (RFC 2045–2047, 2183, 2387) — just enough to
 * write realistic messages and to read back the ones clients upload.
 */

export interface Address {
  name: string;
  address: string;
}

export interface MimeAttachment {
  name: string;
  contentType: string;
  content: Uint8Array;
  inline: boolean;
  contentId?: string;
  /** A message/rfc822 part: `content` is a whole message, written as is. */
  rfc822?: boolean;
}

export interface MimeMessageInput {
  from: Address;
  to: Address[];
  cc: Address[];
  replyTo?: Address[];
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  text?: string;
  html?: string;
  attachments: MimeAttachment[];
  importance?: 'low' | 'normal' | 'high';
  extraHeaders?: { name: string; value: string }[];
  boundarySeed: string;
}

const CRLF = '\r\n';

function needsEncoding(s: string): boolean {
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

function base64Lines(data: Uint8Array): string {
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

function textPart(contentType: 'text/plain' | 'text/html', body: string): string {
  return (
    `Content-Type: ${contentType}; charset="utf-8"${CRLF}` +
    `Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}` +
    quotedPrintable(body)
  );
}

/** Marks where the bytes of an attached message go (they are spliced in as bytes). */
const embedMark = (n: number) => `\ue000rfc822:${n}\ue000`;

function attachmentPart(a: MimeAttachment, embedded: Uint8Array[]): string {
  if (a.rfc822) {
    // an attached message travels as itself (RFC 2046 §5.2.1), in 7bit when it is ASCII
    const ascii = !Buffer.from(a.content).some((b) => b > 0x7f);
    embedded.push(a.content);
    return (
      `Content-Type: message/rfc822${CRLF}` +
      `Content-Disposition: attachment${CRLF}` +
      `Content-Transfer-Encoding: ${ascii ? '7bit' : '8bit'}${CRLF}${CRLF}` +
      embedMark(embedded.length - 1)
    );
  }
  const name = needsEncoding(a.name) ? encodeWord(a.name) : a.name;
  const headers = [
    `Content-Type: ${a.contentType}; name="${name}"`,
    `Content-Description: ${name}`,
    `Content-Disposition: ${a.inline ? 'inline' : 'attachment'}; filename="${name}"; size=${a.content.length}`,
  ];
  if (a.contentId) headers.push(`Content-ID: <${a.contentId}>`);
  headers.push('Content-Transfer-Encoding: base64');
  return headers.join(CRLF) + CRLF + CRLF + base64Lines(a.content);
}

function multipart(subtype: string, boundary: string, parts: string[], extra = ''): string {
  return (
    `Content-Type: multipart/${subtype};${CRLF}\tboundary="${boundary}"${extra}${CRLF}${CRLF}` +
    parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') +
    `--${boundary}--${CRLF}`
  );
}

/** Builds a complete RFC 5322 message. Deterministic for the same input. */
export function buildMime(m: MimeMessageInput): Buffer {
  let n = 0;
  const embedded: Uint8Array[] = [];
  const part = (a: MimeAttachment) => attachmentPart(a, embedded);
  const boundary = () => `_00${++n}_${m.boundarySeed}_`;
  const headers: string[] = [];
  headers.push(`From: ${formatAddress(m.from)}`);
  if (m.to.length) headers.push(`To: ${m.to.map(formatAddress).join(',' + CRLF + ' ')}`);
  if (m.cc.length) headers.push(`CC: ${m.cc.map(formatAddress).join(',' + CRLF + ' ')}`);
  if (m.replyTo?.length) headers.push(`Reply-To: ${m.replyTo.map(formatAddress).join(', ')}`);
  headers.push(`Subject: ${encodeWord(m.subject)}`);
  headers.push(`Date: ${rfc2822Date(m.date)}`);
  headers.push(`Message-ID: ${m.messageId}`);
  if (m.inReplyTo) headers.push(`In-Reply-To: ${m.inReplyTo}`);
  if (m.references?.length) headers.push(`References: ${m.references.join(CRLF + ' ')}`);
  if (m.importance && m.importance !== 'normal') {
    headers.push(`Importance: ${m.importance}`);
    headers.push(`X-Priority: ${m.importance === 'high' ? '1' : '5'}`);
  }
  for (const h of m.extraHeaders ?? []) headers.push(`${h.name}: ${h.value}`);
  headers.push('Content-Language: en-US');
  headers.push('MIME-Version: 1.0');

  const inline = m.attachments.filter((a) => a.inline);
  const files = m.attachments.filter((a) => !a.inline);
  let body: string;
  if (m.html !== undefined && m.text !== undefined) {
    body = multipart('alternative', boundary(), [
      textPart('text/plain', m.text),
      textPart('text/html', m.html),
    ]);
  } else if (m.html !== undefined) {
    body = textPart('text/html', m.html);
  } else {
    body = textPart('text/plain', m.text ?? '');
  }
  if (inline.length) {
    body = multipart(
      'related',
      boundary(),
      [body, ...inline.map(part)],
      `;${CRLF}\ttype="multipart/alternative"`,
    );
  }
  if (files.length) body = multipart('mixed', boundary(), [body, ...files.map(part)]);
  const text = headers.join(CRLF) + CRLF + body;
  if (!embedded.length) return Buffer.from(text, 'utf8');
  return Buffer.concat(
    text
      .split(/\ue000rfc822:(\d+)\ue000/)
      .map((piece, i) =>
        i % 2 ? Buffer.from(embedded[Number(piece)] ?? []) : Buffer.from(piece, 'utf8'),
      ),
  );
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function rfc2822Date(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

// ---------------------------------------------------------------- parsing

export interface ParsedPart {
  headers: Map<string, string>;
  contentType: string;
  params: Map<string, string>;
  body: Buffer;
  parts: ParsedPart[];
}

export interface ParsedMessage {
  headers: Map<string, string>;
  headerList: { name: string; value: string }[];
  subject: string;
  from?: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  importance: 'low' | 'normal' | 'high';
  text?: string;
  html?: string;
  attachments: MimeAttachment[];
}

export function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_all, _charset: string, enc: string, text: string) => {
        if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
        const bytes = text
          .replace(/_/g, ' ')
          .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        return Buffer.from(bytes, 'latin1').toString('utf8');
      },
    );
}

function splitHeaderBody(buf: Buffer): { head: string; body: Buffer } {
  const s = buf.toString('latin1');
  let idx = s.indexOf('\r\n\r\n');
  let sep = 4;
  const lf = s.indexOf('\n\n');
  if (idx < 0 || (lf >= 0 && lf < idx)) {
    idx = lf;
    sep = 2;
  }
  if (idx < 0) return { head: s, body: Buffer.alloc(0) };
  return { head: s.slice(0, idx), body: buf.subarray(idx + sep) };
}

function parseHeaders(head: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length) {
      const last = out[out.length - 1];
      if (last) last.value += ' ' + line.trim();
    } else {
      const i = line.indexOf(':');
      if (i > 0) out.push({ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
    }
  }
  // header bytes are UTF-8 in practice when not encoded-words
  return out.map((h) => ({ name: h.name, value: Buffer.from(h.value, 'latin1').toString('utf8') }));
}

function parseContentType(v: string | undefined): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (!v) return { type: 'text/plain', params };
  const [type, ...rest] = v.split(';');
  for (const r of rest) {
    const i = r.indexOf('=');
    if (i < 0) continue;
    params.set(
      r.slice(0, i).trim().toLowerCase(),
      r
        .slice(i + 1)
        .trim()
        .replace(/^"|"$/g, ''),
    );
  }
  return { type: (type ?? 'text/plain').trim().toLowerCase(), params };
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64')
    return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (enc === 'quoted-printable') {
    const s = body.toString('latin1').replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(s.charCodeAt(i) & 0xff);
    }
    return Buffer.from(bytes);
  }
  return body;
}

export function parsePart(buf: Buffer): ParsedPart {
  const { head, body } = splitHeaderBody(buf);
  const list = parseHeaders(head);
  const headers = new Map(list.map((h) => [h.name.toLowerCase(), h.value]));
  const { type, params } = parseContentType(headers.get('content-type'));
  const part: ParsedPart = { headers, contentType: type, params, body, parts: [] };
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary) {
    const s = body.toString('latin1');
    const delim = '--' + boundary;
    const pieces = s.split(delim);
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (piece.startsWith('--')) break;
      const content = piece.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
      part.parts.push(parsePart(Buffer.from(content, 'latin1')));
    }
  } else {
    part.body = decodeBody(body, headers.get('content-transfer-encoding'));
  }
  return part;
}

export function parseAddressList(v: string | undefined): Address[] {
  if (!v) return [];
  const out: Address[] = [];
  const decoded = decodeWords(v);
  // split on commas outside quotes/angle brackets
  let depth = 0;
  let quoted = false;
  let cur = '';
  const items: string[] = [];
  for (const ch of decoded) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '<') depth++;
    if (!quoted && ch === '>') depth--;
    if (ch === ',' && !quoted && depth === 0) {
      items.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) items.push(cur);
  for (const item of items) {
    const m = /^(.*)<([^>]+)>\s*$/.exec(item.trim());
    if (m)
      out.push({ name: (m[1] ?? '').trim().replace(/^"|"$/g, ''), address: (m[2] ?? '').trim() });
    else if (item.trim()) out.push({ name: '', address: item.trim() });
  }
  return out;
}

export function parseMime(buf: Buffer): ParsedMessage {
  const { head } = splitHeaderBody(buf);
  const headerList = parseHeaders(head);
  const root = parsePart(buf);
  const headers = root.headers;
  const result: ParsedMessage = {
    headers,
    headerList,
    subject: decodeWords(headers.get('subject') ?? ''),
    from: parseAddressList(headers.get('from'))[0],
    to: parseAddressList(headers.get('to')),
    cc: parseAddressList(headers.get('cc')),
    bcc: parseAddressList(headers.get('bcc')),
    replyTo: parseAddressList(headers.get('reply-to')),
    messageId: headers.get('message-id'),
    inReplyTo: headers.get('in-reply-to'),
    importance: 'normal',
    attachments: [],
  };
  const dateHeader = headers.get('date');
  if (dateHeader) {
    const d = new Date(dateHeader);
    if (!Number.isNaN(d.getTime())) result.date = d;
  }
  const imp = (headers.get('importance') ?? '').toLowerCase();
  const prio = headers.get('x-priority') ?? '';
  if (imp === 'high' || prio.startsWith('1') || prio.startsWith('2')) result.importance = 'high';
  else if (imp === 'low' || prio.startsWith('5') || prio.startsWith('4')) result.importance = 'low';

  const walk = (p: ParsedPart) => {
    if (p.parts.length) {
      for (const c of p.parts) walk(c);
      return;
    }
    const disp = p.headers.get('content-disposition') ?? '';
    const { params: dparams } = parseContentType(disp);
    const filename = dparams.get('filename') ?? p.params.get('name');
    const isAttachment =
      disp.toLowerCase().startsWith('attachment') ||
      p.contentType === 'message/rfc822' ||
      (filename !== undefined && !p.contentType.startsWith('text/'));
    if (!isAttachment && p.contentType === 'text/plain' && result.text === undefined) {
      result.text = p.body.toString('utf8');
    } else if (!isAttachment && p.contentType === 'text/html' && result.html === undefined) {
      result.html = p.body.toString('utf8');
    } else {
      const cid = p.headers.get('content-id')?.replace(/^<|>$/g, '');
      result.attachments.push({
        name: decodeWords(filename ?? 'attachment'),
        contentType: p.contentType,
        content: p.body,
        inline: disp.toLowerCase().startsWith('inline') || (!disp && cid !== undefined),
        ...(cid ? { contentId: cid } : {}),
        ...(p.contentType === 'message/rfc822' ? { rfc822: true } : {}),
      });
    }
  };
  walk(root);
  return result;
}
