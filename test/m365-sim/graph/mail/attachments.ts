/** Message attachments: ids, bytes, Graph JSON in and out, adding one to a message. */
import { encodeItemId, Kind } from '../../ids.ts';
import { bytesAt } from '../../random.ts';
import type { StoredItem } from '../../store.ts';
import type { AttachmentData, ItemAttachmentData, Mailbox, MessageData } from '../../tenant.ts';
import { type Ctx, GraphError } from '../http.ts';
import { contextUrl } from '../paging.ts';
import { messageId } from './mailbox-access.ts';
import { bodyAndParties, preview } from './render.ts';
import { messageMime } from './message-mime.ts';
import { changeKey, fromJson, type MessageJson } from './message-write.ts';

export function attachmentId(mb: Mailbox, it: { key: number }, a: AttachmentData): string {
  return encodeItemId(Kind.attachment, mb.scope, it.key * 256 + a.key, 0);
}

/** The bytes of an attachment: file content, or the MIME / iCalendar / vCard of an item. */
export function attachmentBytes(a: AttachmentData): Uint8Array {
  if (a.item) return itemBytes(a.item);
  if (a.content) return a.content;
  return bytesAt(a.seed ?? 0, 0, a.size);
}

function itemBytes(item: ItemAttachmentData): Uint8Array {
  if (item.type === 'message') return messageMime(item.message, null);
  const j = item.json;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const dt = (v: unknown) =>
    str((v as { dateTime?: unknown } | undefined)?.dateTime)
      .replace(/[-:]/g, '')
      .replace(/\.\d+$/, '');
  if (item.type === 'event')
    return Buffer.from(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//m365-sim//Larkspur//EN',
        'BEGIN:VEVENT',
        `SUMMARY:${str(j.subject)}`,
        `DTSTART:${dt(j.start)}`,
        `DTEND:${dt(j.end)}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  const mails = Array.isArray(j.emailAddresses) ? (j.emailAddresses as { address?: string }[]) : [];
  return Buffer.from(
    [
      'BEGIN:VCARD',
      'VERSION:3.0',
      `FN:${str(j.displayName) || `${str(j.givenName)} ${str(j.surname)}`.trim()}`,
      `N:${str(j.surname)};${str(j.givenName)};;;`,
      ...mails.map((m) => `EMAIL;TYPE=INTERNET:${m.address ?? ''}`),
      'END:VCARD',
      '',
    ].join('\r\n'),
  );
}

/** An attached message as Graph shows it under `item` (it has no id of its own). */
function renderEmbedded(d: MessageData): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.message',
    id: '',
    createdDateTime: d.createdDateTime,
    lastModifiedDateTime: d.lastModifiedDateTime,
    receivedDateTime: d.receivedDateTime,
    sentDateTime: d.sentDateTime,
    hasAttachments: d.attachments.some((a) => !a.isInline),
    internetMessageId: d.internetMessageId,
    subject: d.subject,
    bodyPreview: preview(d),
    importance: d.importance,
    conversationId: d.conversationId,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: d.isRead,
    isDraft: d.isDraft,
    ...bodyAndParties(d),
  };
}

export function renderAttachment(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<MessageData>,
  a: AttachmentData,
  withContent: boolean,
): Record<string, unknown> {
  const id = attachmentId(mb, it, a);
  if (a.item) {
    const out: Record<string, unknown> = {
      '@odata.type': '#microsoft.graph.itemAttachment',
      id,
      lastModifiedDateTime: a.lastModifiedDateTime,
      name: a.name,
      contentType: null,
      size: a.size,
      isInline: false,
    };
    // $expand=microsoft.graph.itemattachment/item
    if (/itemattachment\/item/i.test(ctx.req.query.get('$expand') ?? '')) {
      out['item@odata.context'] = contextUrl(
        ctx,
        `users('${mb.user.id}')/messages('${messageId(ctx, mb, it)}')/attachments('${id}')/microsoft.graph.itemAttachment/item/$entity`,
      );
      out.item =
        a.item.type === 'message'
          ? renderEmbedded(a.item.message)
          : { '@odata.type': `#microsoft.graph.${a.item.type}`, id: '', ...a.item.json };
    }
    return out;
  }
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    '@odata.mediaContentType': a.contentType,
    id,
    lastModifiedDateTime: a.lastModifiedDateTime,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    isInline: a.isInline,
    contentId: a.contentId ?? null,
    contentLocation: null,
    ...(withContent ? { contentBytes: Buffer.from(attachmentBytes(a)).toString('base64') } : {}),
  };
}

export interface AttachmentJson {
  '@odata.type'?: string;
  name?: string;
  contentType?: string;
  contentBytes?: string;
  isInline?: boolean;
  contentId?: string;
  /** itemAttachment: the attached message, event or contact */
  item?: Record<string, unknown> & { '@odata.type'?: string };
}

/** A fileAttachment or itemAttachment from its Graph JSON. */
export function attachmentFromJson(
  ctx: Ctx,
  mb: Mailbox,
  a: AttachmentJson,
  key: number,
  now: string,
): AttachmentData {
  const type = (a['@odata.type'] ?? '#microsoft.graph.fileAttachment').replace(/^#/, '');
  if (/itemattachment$/i.test(type)) {
    const itemType = String(a.item?.['@odata.type'] ?? '')
      .replace(/^#?(microsoft\.graph\.)?/i, '')
      .toLowerCase();
    let item: ItemAttachmentData;
    if (itemType === 'message') {
      const message = fromJson(ctx, mb, (a.item ?? {}) as MessageJson, now);
      item = { type: 'message', message: { ...message, isDraft: false, isRead: true } };
    } else if (itemType === 'event' || itemType === 'contact') {
      const { '@odata.type': _t, ...json } = a.item ?? {};
      item = { type: itemType, json };
    } else
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        "An itemAttachment needs an 'item' of type message, event or contact.",
      );
    const subject = item.type === 'message' ? item.message.subject : String(a.item?.subject ?? '');
    const data: AttachmentData = {
      key,
      name: a.name ?? (subject || 'Untitled'),
      contentType: item.type === 'message' ? 'message/rfc822' : 'application/octet-stream',
      size: 0,
      isInline: false,
      lastModifiedDateTime: now,
      item,
    };
    data.size = attachmentBytes(data).length;
    return data;
  }
  if (!/fileattachment$/i.test(type))
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `Attachments of type '${type}' are not supported by the simulator.`,
    );
  const content = Buffer.from(a.contentBytes ?? '', 'base64');
  return {
    key,
    name: a.name ?? 'attachment',
    contentType: a.contentType ?? 'application/octet-stream',
    size: content.length,
    isInline: a.isInline ?? false,
    ...(a.contentId ? { contentId: a.contentId } : {}),
    content,
    lastModifiedDateTime: now,
  };
}

/** Adds an attachment to a message: a change (new change key; MIME rebuilt from the data). */
export function addAttachment(
  mb: Mailbox,
  it: StoredItem<MessageData>,
  a: AttachmentData,
): StoredItem<MessageData> {
  const up = mb.messages.update(it.key, (d) => {
    const n = {
      ...d,
      attachments: [...d.attachments, a],
      changeKey: changeKey(mb),
      lastModifiedDateTime: a.lastModifiedDateTime,
    };
    delete n.mime;
    return n;
  });
  if (!up)
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  return up;
}

export function nextAttachmentKey(d: MessageData): number {
  return d.attachments.reduce((k, a) => Math.max(k, a.key + 1), 0);
}
