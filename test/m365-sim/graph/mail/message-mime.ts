/** A message as MIME (served by $value, digested) and a message from MIME (created or replaced by upload). */
import { type Address, buildMime, parseMime } from '../../mime.ts';
import { hash32 } from '../../random.ts';
import type { StoredItem } from '../../store.ts';
import { type AttachmentData, isoAt, type Mailbox, type MessageData } from '../../tenant.ts';
import { type Ctx, GraphError } from '../http.ts';
import { attachmentBytes } from './attachments.ts';
import { changeKey, createdIds, stripHtml } from './message-write.ts';

// ------------------------------------------------------------------ MIME

export function mimeOf(mb: Mailbox, it: StoredItem<MessageData>): Buffer {
  const d = it.data;
  return messageMime(d, d.genIndex !== undefined ? mb.shapeOf(d.genIndex).kind : null);
}

/** The MIME of a message: as uploaded when it came as MIME, otherwise built from its data. */
export function messageMime(d: MessageData, shapeKind: string | null): Buffer {
  if (d.mime) return d.mime;
  const shape = shapeKind ?? (d.bodyType === 'html' ? 'html' : 'plain');
  const html = d.bodyType === 'html' ? d.bodyHtml : undefined;
  const text = shape === 'alternative' || d.bodyType === 'text' ? d.bodyText : undefined;
  return buildMime({
    from: d.from,
    to: d.to,
    cc: d.cc,
    replyTo: d.replyTo,
    subject: d.subject,
    date: new Date(d.sentDateTime),
    messageId: d.internetMessageId,
    ...(d.inReplyTo ? { inReplyTo: d.inReplyTo } : {}),
    ...(d.references ? { references: d.references } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(html !== undefined ? { html } : {}),
    attachments: d.attachments.map((a) => ({
      name:
        a.item?.type === 'event'
          ? `${a.name}.ics`
          : a.item?.type === 'contact'
            ? `${a.name}.vcf`
            : a.name,
      contentType:
        a.item?.type === 'message'
          ? 'message/rfc822'
          : a.item?.type === 'event'
            ? 'text/calendar'
            : a.item?.type === 'contact'
              ? 'text/vcard'
              : a.contentType,
      content: attachmentBytes(a),
      inline: a.isInline,
      ...(a.contentId ? { contentId: a.contentId } : {}),
      ...(a.item?.type === 'message' ? { rfc822: true } : {}),
    })),
    importance: d.importance,
    extraHeaders: [
      { name: 'Thread-Topic', value: d.subject.replace(/^(RE|AW|FW): /i, '') },
      ...d.extraHeaders,
    ],
    // Derived from what the message is, not from its change key: reading, flagging or
    // moving a message must not change its MIME (the ground-truth digest hashes it).
    boundarySeed: hash32('boundary', d.internetMessageId).toString(36).toUpperCase(),
  });
}

/** A message created from MIME (POST with Content-Type text/plain, base64 body): always a draft. */
export function fromMime(mb: Mailbox, mime: Buffer, now: string): MessageData {
  const p = parseMime(mime);
  const me: Address = {
    name: mb.user.displayName,
    address: mb.user.mail ?? mb.user.userPrincipalName,
  };
  const from = p.from ?? me;
  const html = p.html;
  const ids = createdIds(mb);
  return {
    subject: p.subject,
    bodyType: html !== undefined ? 'html' : 'text',
    bodyText: p.text ?? (html ? stripHtml(html) : ''),
    ...(html !== undefined ? { bodyHtml: html } : {}),
    from,
    sender: from,
    to: p.to,
    cc: p.cc,
    bcc: p.bcc,
    replyTo: p.replyTo,
    sentDateTime: p.date ? isoAt(p.date.getTime()) : now,
    receivedDateTime: now,
    createdDateTime: now,
    lastModifiedDateTime: now,
    internetMessageId: p.messageId ?? ids.internetMessageId,
    conversationId: ids.conversationId,
    ...(p.inReplyTo ? { inReplyTo: p.inReplyTo } : {}),
    importance: p.importance,
    isRead: true,
    isDraft: true,
    flagStatus: 'notFlagged',
    categories: [],
    inferenceClassification: 'focused',
    attachments: p.attachments.map((a, n): AttachmentData => {
      if (a.rfc822) {
        // an attached message becomes an itemAttachment, as Exchange converts it
        const message = { ...fromMime(mb, Buffer.from(a.content), now), isDraft: false };
        return {
          key: n,
          name: message.subject || 'Untitled',
          contentType: 'message/rfc822',
          size: a.content.length,
          isInline: false,
          lastModifiedDateTime: now,
          item: { type: 'message', message },
        };
      }
      return {
        key: n,
        name: a.name,
        contentType: a.contentType,
        size: a.content.length,
        isInline: a.inline,
        ...(a.contentId ? { contentId: a.contentId } : {}),
        content: Buffer.from(a.content),
        lastModifiedDateTime: now,
      };
    }),
    extraHeaders: [],
    extended: {},
    mime,
    changeKey: changeKey(mb),
  };
}

export function decodeMimeBody(ctx: Ctx): Buffer {
  const text = ctx.req.body.toString('latin1').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length === 0)
    throw new GraphError(
      400,
      'ErrorMimeContentInvalidBase64String',
      'Invalid base64 string for MIME content.',
    );
  const buf = Buffer.from(text, 'base64');
  if (!/\r?\n\r?\n/.test(buf.toString('latin1')) && !/^[\w-]+:/m.test(buf.toString('latin1')))
    throw new GraphError(400, 'ErrorMimeContentInvalid', 'The MIME content is invalid.');
  return buf;
}

export function isMimeUpload(ctx: Ctx): boolean {
  return (ctx.req.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain');
}
