/** Reading back messages clients upload: headers, encoded-words, parts, addresses. */
import type { MimeAttachment } from './build.ts';
import type { Address } from './encode.ts';

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
