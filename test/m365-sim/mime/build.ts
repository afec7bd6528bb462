/** Writing a complete RFC 5322 message with MIME parts (text, alternative, related, mixed, attached messages). */
import {
  CRLF,
  base64Lines,
  encodeWord,
  formatAddress,
  needsEncoding,
  quotedPrintable,
  rfc2822Date,
  type Address,
} from './encode.ts';

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
