/** Mail folders and messages: list, get, delta, $value (MIME), create (JSON or MIME), update, move, copy, delete, attachments. */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { IMMUTABLE, Kind, decodeItemId, encodeItemId } from '../ids.ts';
import { buildMime, parseMime, type Address } from '../mime.ts';
import { bytesAt, hash32 } from '../random.ts';
import type { AttachmentUploadSession, Sim } from '../sim.ts';
import type { StoredItem, Tombstone } from '../store.ts';
import { retryAfterSeconds } from '../throttle.ts';
import {
  isoAt,
  type AttachmentData,
  type ItemAttachmentData,
  type Mailbox,
  type MessageData,
} from '../tenant.ts';
import { userOr404 } from './directory.ts';
import {
  GraphError,
  evalFilter,
  filterProps,
  parseFilter,
  parseOrderBy,
  select,
  type Ctx,
  type GraphResult,
  type Router,
  type ThrottleClass,
} from './http.ts';
import { compileSearch } from './search.ts';
import {
  contextUrl,
  listResponse,
  outlookSyncReset,
  preferenceApplied,
  storeDelta,
} from './paging.ts';

export function mailboxOf(ctx: Ctx, param = 'user-id'): Mailbox {
  const u = userOr404(ctx.sim, ctx.params[param]);
  const mb = ctx.sim.tenant.mailbox(u);
  if (!mb)
    throw new GraphError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  return mb;
}

export const mailboxThrottle = (ctx: Ctx): ThrottleClass => {
  const ref = ctx.params['user-id'] ?? '';
  const u = ctx.sim.tenant.user(ref);
  return { kind: 'mailbox', key: u?.id ?? ref.toLowerCase() };
};

export function malformed(): GraphError {
  return new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
}

// ------------------------------------------------------------------ ids

export function folderId(mb: Mailbox, key: number): string {
  return encodeItemId(Kind.mailFolder, mb.scope, key, 0);
}

export function messageId(ctx: Ctx, mb: Mailbox, it: { key: number; moves: number }): string {
  return encodeItemId(Kind.message, mb.scope, it.key, ctx.immutableIds ? IMMUTABLE : it.moves);
}

export function folderKey(ctx: Ctx, mb: Mailbox, ref: string | undefined): number {
  if (!ref) throw malformed();
  const wk = mb.folderByWellKnown.get(ref.toLowerCase());
  if (wk !== undefined) return wk;
  const d = decodeItemId(ref);
  if (!d) throw malformed();
  if (d.kind !== Kind.mailFolder || d.scope !== mb.scope || !mb.folders.get(d.key))
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  return d.key;
}

export function messageItem(
  ctx: Ctx,
  mb: Mailbox,
  ref: string | undefined,
): StoredItem<MessageData> {
  if (!ref) throw malformed();
  const d = decodeItemId(ref);
  if (!d) throw malformed();
  const nf = () =>
    new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (d.kind !== Kind.message || d.scope !== mb.scope) throw nf();
  const it = mb.messages.get(d.key);
  if (!it) throw nf();
  if (d.version !== IMMUTABLE && d.version !== it.moves) throw nf();
  return it;
}

// ------------------------------------------------------------------ rendering

const recip = (a: Address) => ({ emailAddress: { name: a.name, address: a.address } });

export function preview(data: MessageData): string {
  return data.bodyText.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export function renderMessage(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<MessageData>,
): Record<string, unknown> {
  const d = it.data;
  const body =
    d.bodyType === 'html'
      ? { contentType: 'html', content: d.bodyHtml ?? '' }
      : { contentType: 'text', content: d.bodyText };
  const id = messageId(ctx, mb, it);
  const out: Record<string, unknown> = {
    '@odata.etag': `W/"${d.changeKey}"`,
    id,
    createdDateTime: d.createdDateTime,
    lastModifiedDateTime: d.lastModifiedDateTime,
    changeKey: d.changeKey,
    categories: d.categories,
    receivedDateTime: d.receivedDateTime,
    sentDateTime: d.sentDateTime,
    hasAttachments: d.attachments.some((a) => !a.isInline),
    internetMessageId: d.internetMessageId,
    subject: d.subject,
    bodyPreview: preview(d),
    importance: d.importance,
    parentFolderId: folderId(mb, Number(it.container)),
    conversationId: d.conversationId,
    conversationIndex: Buffer.from(d.conversationId.replace(/-/g, ''), 'hex').toString('base64'),
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: d.isRead,
    isDraft: d.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: d.inferenceClassification,
    body,
    sender: recip(d.sender),
    from: recip(d.from),
    toRecipients: d.to.map(recip),
    ccRecipients: d.cc.map(recip),
    bccRecipients: d.bcc.map(recip),
    replyTo: d.replyTo.map(recip),
    flag: { flagStatus: d.flagStatus },
  };
  const expand = ctx.req.query.get('$expand') ?? '';
  if (/singleValueExtendedProperties/i.test(expand)) {
    const wanted = [...expand.matchAll(/id\s+eq\s+'([^']+)'/gi)].map((m) => normPropId(m[1] ?? ''));
    const props = extendedProps(d);
    out.singleValueExtendedProperties = Object.values(props).filter(
      (p) => wanted.length === 0 || wanted.includes(normPropId(p.id)),
    );
  }
  if (/\battachments\b/i.test(expand))
    out.attachments = d.attachments.map((a) => renderAttachment(ctx, mb, it, a, true));
  if (/internetMessageHeaders/.test(ctx.req.query.get('$select') ?? '')) {
    out.internetMessageHeaders = messageHeaders(mb, it);
  }
  return out;
}

function messageHeaders(
  mb: Mailbox,
  it: StoredItem<MessageData>,
): { name: string; value: string }[] {
  const d = it.data;
  if (d.isDraft && !d.mime) return d.extraHeaders;
  const parsed = parseMime(mimeOf(mb, it));
  return parsed.headerList.filter((h) => !/^content-/i.test(h.name));
}

export function normPropId(id: string): string {
  const s = id.trim().replace(/\s+/g, ' ').toLowerCase();
  const m = /^(\w+) 0x([0-9a-f]+)$/.exec(s);
  return m ? `${m[1] ?? ''} 0x${parseInt(m[2] ?? '0', 16).toString(16)}` : s;
}

const PR_MESSAGE_FLAGS = 'integer 0xe07';
const PR_CLIENT_SUBMIT_TIME = 'systemtime 0x39';
const PR_MESSAGE_DELIVERY_TIME = 'systemtime 0xe06';

/** Stored extended properties plus the MAPI properties every message has. */
function extendedProps(d: MessageData): Record<string, { id: string; value: string }> {
  const flags =
    (d.isRead ? 1 : 0) | (d.isDraft ? 8 : 0) | (d.attachments.some((a) => !a.isInline) ? 0x10 : 0);
  return {
    ...d.extended,
    [PR_MESSAGE_FLAGS]: { id: 'Integer 0xe07', value: String(flags) },
    [PR_CLIENT_SUBMIT_TIME]: { id: 'SystemTime 0x39', value: d.sentDateTime },
    [PR_MESSAGE_DELIVERY_TIME]: { id: 'SystemTime 0xe06', value: d.receivedDateTime },
  };
}

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
    body:
      d.bodyType === 'html'
        ? { contentType: 'html', content: d.bodyHtml ?? '' }
        : { contentType: 'text', content: d.bodyText },
    sender: recip(d.sender),
    from: recip(d.from),
    toRecipients: d.to.map(recip),
    ccRecipients: d.cc.map(recip),
    bccRecipients: d.bcc.map(recip),
    replyTo: d.replyTo.map(recip),
    flag: { flagStatus: d.flagStatus },
  };
}

function renderAttachment(
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

export function renderFolder(ctx: Ctx, mb: Mailbox, key: number): Record<string, unknown> {
  const f = mb.folders.get(key);
  if (!f)
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  const container = String(key);
  const children = mb.folders.all('').filter((c) => c.data.parentKey === key);
  const total = mb.messages.count(container);
  const read = mb.messages.countWhere(
    container,
    (i) => mb.baseIsRead(i) || isOutgoing(mb, key),
    (d) => d.isRead,
  );
  const out: Record<string, unknown> = {
    id: folderId(mb, key),
    displayName: f.data.displayName,
    parentFolderId: f.data.parentKey >= 0 ? folderId(mb, f.data.parentKey) : folderId(mb, key),
    childFolderCount: children.length,
    unreadItemCount: Math.max(0, total - read),
    totalItemCount: total,
    sizeInBytes: total * 9000,
    isHidden: f.data.isHidden,
  };
  if (ctx.version === 'beta' && f.data.wellKnownName) out.wellKnownName = f.data.wellKnownName;
  return out;
}

function isOutgoing(mb: Mailbox, key: number): boolean {
  return (
    key === mb.folderByWellKnown.get('sentitems') || key === mb.folderByWellKnown.get('drafts')
  );
}

// ------------------------------------------------------------------ MIME

export function mimeOf(mb: Mailbox, it: StoredItem<MessageData>): Buffer {
  const d = it.data;
  return messageMime(d, d.genIndex !== undefined ? mb.shapeOf(d.genIndex).kind : null);
}

/** The MIME of a message: as uploaded when it came as MIME, otherwise built from its data. */
function messageMime(d: MessageData, shapeKind: string | null): Buffer {
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

// ------------------------------------------------------------------ create / update

interface MessageJson {
  subject?: string;
  body?: { contentType?: string; content?: string };
  toRecipients?: { emailAddress?: { name?: string; address?: string } }[];
  ccRecipients?: MessageJson['toRecipients'];
  bccRecipients?: MessageJson['toRecipients'];
  replyTo?: MessageJson['toRecipients'];
  from?: { emailAddress?: { name?: string; address?: string } };
  sender?: MessageJson['from'];
  importance?: string;
  isRead?: boolean;
  categories?: string[];
  flag?: { flagStatus?: string };
  inferenceClassification?: string;
  internetMessageHeaders?: { name?: string; value?: string }[];
  internetMessageId?: string;
  singleValueExtendedProperties?: { id?: string; value?: string }[];
  attachments?: AttachmentJson[];
}

interface AttachmentJson {
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
function attachmentFromJson(
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
function addAttachment(
  mb: Mailbox,
  it: StoredItem<MessageData>,
  a: AttachmentData,
): StoredItem<MessageData> {
  const up = mb.messages.update(it.key, (d) => {
    const n = {
      ...d,
      attachments: [...d.attachments, a],
      changeKey: changeKey(),
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

function nextAttachmentKey(d: MessageData): number {
  return d.attachments.reduce((k, a) => Math.max(k, a.key + 1), 0);
}

const toAddr = (
  r: { emailAddress?: { name?: string; address?: string } } | undefined,
): Address => ({
  name: r?.emailAddress?.name ?? r?.emailAddress?.address ?? '',
  address: r?.emailAddress?.address ?? '',
});

function changeKey(): string {
  return 'CQAAABYAAAB' + Math.random().toString(36).slice(2, 12).toUpperCase();
}

function stripHtml(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

function checkImportance(v: string | undefined): MessageData['importance'] | undefined {
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  if (l === 'low' || l === 'normal' || l === 'high') return l;
  throw new GraphError(400, 'RequestBodyRead', `Requested value '${v}' was not found.`);
}

function fromJson(ctx: Ctx, mb: Mailbox, j: MessageJson, now: string): MessageData {
  for (const h of j.internetMessageHeaders ?? []) {
    if (!/^x-/i.test(h.name ?? ''))
      throw new GraphError(
        400,
        'InvalidInternetMessageHeader',
        `The internet message header name '${h.name ?? ''}' should start with 'x-' or 'X-'.`,
      );
  }
  const extended: MessageData['extended'] = {};
  for (const p of j.singleValueExtendedProperties ?? []) {
    if (!p.id)
      throw new GraphError(
        400,
        'ErrorInvalidExtendedPropertyValue',
        'The extended property id is missing.',
      );
    extended[normPropId(p.id)] = { id: p.id, value: p.value ?? '' };
  }
  const flags = extended[PR_MESSAGE_FLAGS];
  const flagBits = flags ? Number(flags.value) : undefined;
  if (flags && !Number.isInteger(flagBits))
    throw new GraphError(
      400,
      'ErrorInvalidExtendedPropertyValue',
      `The value '${flags.value}' is invalid for property 'Integer 0x0E07'.`,
    );
  const sent = extended[PR_CLIENT_SUBMIT_TIME]?.value;
  const recv = extended[PR_MESSAGE_DELIVERY_TIME]?.value;
  const html = (j.body?.contentType ?? 'text').toLowerCase() === 'html';
  const content = j.body?.content ?? '';
  const me: Address = {
    name: mb.user.displayName,
    address: mb.user.mail ?? mb.user.userPrincipalName,
  };
  const from = j.from ? toAddr(j.from) : me;
  const attachments: AttachmentData[] = (j.attachments ?? []).map((a, n) =>
    attachmentFromJson(ctx, mb, a, n, now),
  );
  const data: MessageData = {
    subject: j.subject ?? '',
    bodyType: html ? 'html' : 'text',
    bodyText: html ? stripHtml(content) : content,
    ...(html ? { bodyHtml: content } : {}),
    from,
    sender: j.sender ? toAddr(j.sender) : from,
    to: (j.toRecipients ?? []).map(toAddr),
    cc: (j.ccRecipients ?? []).map(toAddr),
    bcc: (j.bccRecipients ?? []).map(toAddr),
    replyTo: (j.replyTo ?? []).map(toAddr),
    sentDateTime: sent ? isoAt(Date.parse(sent)) : now,
    receivedDateTime: recv ? isoAt(Date.parse(recv)) : now,
    createdDateTime: now,
    lastModifiedDateTime: now,
    internetMessageId:
      j.internetMessageId ??
      `<${changeKey().slice(11)}.${Date.now()}@${mb.user.mail?.split('@')[1] ?? 'sim.example'}>`,
    conversationId: crypto.randomUUID(),
    importance: checkImportance(j.importance) ?? 'normal',
    isRead: flagBits !== undefined ? (flagBits & 1) === 1 : (j.isRead ?? true),
    isDraft: flagBits !== undefined ? (flagBits & 8) === 8 : true,
    flagStatus: (j.flag?.flagStatus as MessageData['flagStatus']) ?? 'notFlagged',
    categories: j.categories ?? [],
    inferenceClassification: j.inferenceClassification === 'other' ? 'other' : 'focused',
    attachments,
    extraHeaders: (j.internetMessageHeaders ?? []).map((h) => ({
      name: h.name ?? '',
      value: h.value ?? '',
    })),
    extended: Object.fromEntries(
      Object.entries(extended).filter(
        ([k]) => ![PR_MESSAGE_FLAGS, PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME].includes(k),
      ),
    ),
    changeKey: changeKey(),
  };
  if (j.isRead !== undefined) data.isRead = j.isRead;
  void ctx;
  return data;
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
    internetMessageId: p.messageId ?? `<${changeKey().slice(11)}@sim.example>`,
    conversationId: crypto.randomUUID(),
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
    changeKey: changeKey(),
  };
}

function decodeMimeBody(ctx: Ctx): Buffer {
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

function isMimeUpload(ctx: Ctx): boolean {
  return (ctx.req.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain');
}

function createMessage(
  ctx: Ctx,
  mb: Mailbox,
  folder: number,
): ReturnType<Mailbox['messages']['create']> {
  const now = isoAt(Date.now());
  const data = isMimeUpload(ctx)
    ? fromMime(mb, decodeMimeBody(ctx), now)
    : fromJson(ctx, mb, ctx.json<MessageJson>(), now);
  return mb.messages.create(String(folder), data);
}

const DRAFT_ONLY = [
  'subject',
  'body',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'from',
  'sender',
  'replyTo',
  'internetMessageId',
];

function updateMessage(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<MessageData>,
): StoredItem<MessageData> {
  const j = ctx.json<MessageJson & Record<string, unknown>>();
  if (!it.data.isDraft) {
    for (const k of DRAFT_ONLY)
      if (k in j)
        throw new GraphError(
          400,
          'ErrorInvalidPropertyUpdateSentMessage',
          `Update of read-only property '${k}' of sent message is not allowed.`,
        );
  }
  const now = isoAt(Date.now());
  const updated = mb.messages.update(it.key, (d) => {
    const n: MessageData = { ...d, lastModifiedDateTime: now, changeKey: changeKey() };
    if (j.subject !== undefined) n.subject = j.subject;
    if (j.body) {
      const html = (j.body.contentType ?? 'text').toLowerCase() === 'html';
      n.bodyType = html ? 'html' : 'text';
      n.bodyText = html ? stripHtml(j.body.content ?? '') : (j.body.content ?? '');
      if (html) n.bodyHtml = j.body.content ?? '';
      delete n.mime;
    }
    if (j.toRecipients) n.to = j.toRecipients.map(toAddr);
    if (j.ccRecipients) n.cc = j.ccRecipients.map(toAddr);
    if (j.bccRecipients) n.bcc = j.bccRecipients.map(toAddr);
    if (j.isRead !== undefined) n.isRead = j.isRead;
    if (j.categories) n.categories = j.categories;
    if (j.flag?.flagStatus) n.flagStatus = j.flag.flagStatus as MessageData['flagStatus'];
    const imp = checkImportance(j.importance);
    if (imp) n.importance = imp;
    if (j.inferenceClassification)
      n.inferenceClassification = j.inferenceClassification === 'other' ? 'other' : 'focused';
    const ext = { ...d.extended };
    for (const p of j.singleValueExtendedProperties ?? []) {
      const id = normPropId(p.id ?? '');
      if (id === PR_MESSAGE_FLAGS) {
        // After the first save only the read bit of PR_MESSAGE_FLAGS can change; MSGFLAG_UNSENT is fixed.
        n.isRead = (Number(p.value) & 1) === 1;
      } else if (id === PR_CLIENT_SUBMIT_TIME) n.sentDateTime = isoAt(Date.parse(p.value ?? ''));
      else if (id === PR_MESSAGE_DELIVERY_TIME)
        n.receivedDateTime = isoAt(Date.parse(p.value ?? ''));
      else ext[id] = { id: p.id ?? '', value: p.value ?? '' };
    }
    n.extended = ext;
    return n;
  });
  if (!updated)
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  return updated;
}

// ------------------------------------------------------------------ delta

const outlookReset = outlookSyncReset;

function removed(ctx: Ctx, mb: Mailbox, kind: number) {
  return (t: Tombstone) => ({
    '@odata.type':
      kind === Kind.message ? '#microsoft.graph.message' : '#microsoft.graph.mailFolder',
    id: encodeItemId(
      kind,
      mb.scope,
      t.key,
      kind === Kind.message ? (ctx.immutableIds ? IMMUTABLE : t.moves) : 0,
    ),
    '@removed': { reason: 'deleted' },
  });
}

// ------------------------------------------------------------------ message lists

const MAX_SEARCH_RESULTS = 1000;

/**
 * The ordered keys of a message list, as Exchange orders it: newest received first by
 * default; `$orderby` when given (with `$filter`, its properties must lead the filter's, or
 * 400 InefficientFilter); `$search` results newest sent first, at most 1,000, and neither
 * `$filter` nor `$orderby` beside it. Cached while the mailbox is unchanged, so paging with
 * `$skip` sees the same list as long as nothing changes (and shifts when something does).
 */
function messageListKeys(ctx: Ctx, mb: Mailbox, container: string | null): number[] {
  const q = ctx.req.query;
  const search = q.get('$search');
  const filter = q.get('$filter');
  const orderby = q.get('$orderby');
  if (search !== null && orderby)
    throw new GraphError(
      400,
      'SearchWithOrderBy',
      "The query parameter '$orderBy' is not supported with '$search'.",
    );
  if (search !== null && filter)
    throw new GraphError(
      400,
      'SearchWithFilter',
      "The query parameter '$filter' is not supported with '$search'.",
    );
  const expr = filter ? parseFilter(filter) : null;
  if (expr && orderby) {
    const order = parseOrderBy(orderby).map((o) => o.prop.toLowerCase());
    const props = filterProps(expr).map((p) => p.toLowerCase());
    if (order.some((p, i) => props[i] !== p))
      throw new GraphError(
        400,
        'InefficientFilter',
        'The restriction or sort order is too complex for this operation.',
      );
  }
  const cacheKey = JSON.stringify([container, search, filter, orderby]);
  const version = mb.clock.current;
  const hit = mb.listCache.get(cacheKey);
  if (hit && hit.version === version) return hit.keys;

  const hidden = new Set(
    mb.folders
      .all('')
      .filter((f) => f.data.outsideRoot)
      .map((f) => String(f.key)),
  );
  const visible = (c: string) => container !== null || !hidden.has(c);
  const { base, overlay } = mb.messages.keys(container);
  let keys: number[];
  if (search === null && !filter && !orderby) {
    // newest first without generating a single message
    const rows: [number, number][] = [];
    for (const k of base)
      if (visible(String(mb.baseFolderKey(k)))) rows.push([mb.baseReceivedMs(k), k]);
    for (const it of overlay)
      if (visible(it.container)) rows.push([Date.parse(it.data.receivedDateTime), it.key]);
    rows.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    keys = rows.map((r) => r[1]);
  } else {
    const items: StoredItem<MessageData>[] = [...overlay.filter((it) => visible(it.container))];
    for (const k of base) {
      if (!visible(String(mb.baseFolderKey(k)))) continue;
      const it = mb.messages.get(k);
      if (it) items.push(it);
    }
    if (search !== null) {
      const match = compileSearch(search);
      keys = items
        .filter((it) => match(it.data))
        .sort(
          (a, b) =>
            Date.parse(b.data.sentDateTime) - Date.parse(a.data.sentDateTime) || b.key - a.key,
        )
        .slice(0, MAX_SEARCH_RESULTS)
        .map((it) => it.key);
    } else {
      let rows = items.map((it) => ({ key: it.key, obj: renderMessage(ctx, mb, it) }));
      if (expr) rows = rows.filter((r) => evalFilter(expr, r.obj));
      const order = parseOrderBy(orderby ?? 'receivedDateTime desc');
      rows.sort((a, b) => {
        for (const { prop, desc } of order) {
          const x = a.obj[prop] as string | number | boolean | undefined;
          const y = b.obj[prop] as string | number | boolean | undefined;
          if (x !== y) return ((x ?? '') > (y ?? '') ? 1 : -1) * (desc ? -1 : 1);
        }
        return b.key - a.key;
      });
      keys = rows.map((r) => r.key);
    }
  }
  if (mb.listCache.size >= 16) {
    const oldest = mb.listCache.keys().next().value;
    if (oldest !== undefined) mb.listCache.delete(oldest);
  }
  mb.listCache.set(cacheKey, { version, keys });
  return keys;
}

// ------------------------------------------------------------------ message delta options

/**
 * Message delta takes only `$filter=receivedDateTime ge|gt {value}` and
 * `$orderby=receivedDateTime desc` (https://learn.microsoft.com/graph/delta-query-messages).
 */
function checkMessageDeltaQuery(q: URLSearchParams): void {
  const filter = q.get('$filter');
  if (filter !== null && !/^\s*receivedDateTime\s+(ge|gt)\s+\S+\s*$/i.test(filter))
    throw new GraphError(
      400,
      'ErrorInvalidUrlQuery',
      "The '$filter' parameter value is not supported for 'Messages' resource; only a value of 'receivedDateTime ge value' is supported.",
    );
  const orderby = q.get('$orderby');
  if (orderby !== null && !/^\s*receivedDateTime\s+desc\s*$/i.test(orderby))
    throw new GraphError(
      400,
      'ErrorInvalidUrlQuery',
      "The '$orderby' parameter value is not supported for 'Messages' resource; only a value of 'receivedDateTime desc' is supported.",
    );
  if (q.get('$search') !== null)
    throw new GraphError(
      400,
      'ErrorInvalidUrlQuery',
      "The query parameter '$search' is not supported with delta.",
    );
}

/** The `receivedDateTime ge|gt` restriction of a message delta round (all when absent). */
function receivedSince(q: URLSearchParams): (d: MessageData) => boolean {
  const m = /^\s*receivedDateTime\s+(ge|gt)\s+'?([^'\s]+)'?\s*$/i.exec(q.get('$filter') ?? '');
  if (!m) return () => true;
  const since = Date.parse(m[2] ?? '');
  if (Number.isNaN(since))
    throw new GraphError(400, 'BadRequest', `The DateTimeOffset value '${m[2] ?? ''}' is invalid.`);
  const gt = m[1]?.toLowerCase() === 'gt';
  return (d) => {
    const t = Date.parse(d.receivedDateTime);
    return gt ? t > since : t >= since;
  };
}

// ------------------------------------------------------------------ routes

export function registerMail(r: Router): void {
  const t = { throttle: mailboxThrottle };
  const U = '/users/{user-id}';

  // folders
  const listFolders = (parent: (ctx: Ctx, mb: Mailbox) => number) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const p = parent(ctx, mb);
    const hidden = ctx.req.query.get('includeHiddenFolders') === 'true';
    const rows = mb.folders
      .all('')
      .filter((f) => f.data.parentKey === p && (hidden || !f.data.isHidden))
      .map((f) => renderFolder(ctx, mb, f.key));
    return listResponse(ctx, rows, {
      defaultPage: 10,
      maxPage: 1000,
      context: `users('${mb.user.id}')/mailFolders`,
    });
  };
  const rootKey = (_ctx: Ctx, mb: Mailbox) => mb.folderByWellKnown.get('msgfolderroot') ?? 0;
  r.get(`${U}/mailFolders`, listFolders(rootKey), t);
  r.get(
    `${U}/mailFolders/{mailFolder-id}/childFolders`,
    listFolders((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
  const createFolder = (parent: (ctx: Ctx, mb: Mailbox) => number) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const p = parent(ctx, mb);
    const j = ctx.json<{ displayName?: string; isHidden?: boolean }>();
    if (!j.displayName)
      throw new GraphError(400, 'ErrorInvalidRequest', 'The folder display name is missing.');
    if (
      mb.folders
        .all('')
        .some(
          (f) =>
            f.data.parentKey === p &&
            f.data.displayName.toLowerCase() === j.displayName?.toLowerCase(),
        )
    )
      throw new GraphError(
        409,
        'ErrorFolderExists',
        'A folder with the specified name already exists.',
      );
    const f = mb.folders.create('', {
      displayName: j.displayName,
      parentKey: p,
      isHidden: j.isHidden ?? false,
    });
    return {
      status: 201,
      json: {
        '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/mailFolders/$entity`),
        ...renderFolder(ctx, mb, f.key),
      },
    };
  };
  r.post(`${U}/mailFolders`, createFolder(rootKey), t);
  r.post(
    `${U}/mailFolders/{mailFolder-id}/childFolders`,
    createFolder((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
  r.get(
    `${U}/mailFolders/{mailFolder-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      return {
        status: 200,
        json: {
          '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/mailFolders/$entity`),
          ...select(renderFolder(ctx, mb, k), ctx.req.query.get('$select')),
        },
      };
    },
    t,
  );
  r.get(
    `${U}/mailFolders/{mailFolder-id}/childFolders/{mailFolder-id1}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id1']);
      return { status: 200, json: select(renderFolder(ctx, mb, k), ctx.req.query.get('$select')) };
    },
    t,
  );
  r.patch(
    `${U}/mailFolders/{mailFolder-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      const j = ctx.json<{ displayName?: string }>();
      if (j.displayName)
        mb.folders.update(k, (d) => ({ ...d, displayName: j.displayName ?? d.displayName }));
      return { status: 200, json: renderFolder(ctx, mb, k) };
    },
    t,
  );
  r.delete(
    `${U}/mailFolders/{mailFolder-id}`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      if (mb.folders.get(k)?.data.wellKnownName)
        throw new GraphError(
          403,
          'ErrorDeleteDistinguishedFolder',
          'Distinguished folders cannot be deleted.',
        );
      deleteFolderTree(mb, k);
      return { status: 204 };
    },
    t,
  );
  r.post(
    `${U}/mailFolders/{mailFolder-id}/move`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      const dest = folderKey(ctx, mb, ctx.json<{ destinationId?: string }>().destinationId);
      mb.folders.update(k, (d) => ({ ...d, parentKey: dest }));
      return { status: 201, json: renderFolder(ctx, mb, k) };
    },
    t,
  );
  r.get(
    `${U}/mailFolders/delta()`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const root = mb.folderByWellKnown.get('msgfolderroot');
      return storeDelta(ctx, mb.folders, '', {
        render: (it) => renderFolder(ctx, mb, it.key),
        removed: removed(ctx, mb, Kind.mailFolder),
        include: (it) => it.key !== root && !it.data.outsideRoot,
        defaultPage: 100,
        maxPage: 1000,
        style: 'outlook',
        reset: outlookReset(),
        context: `Collection(mailFolder)`,
      });
    },
    t,
  );

  // messages
  const listMessages = (folder: ((ctx: Ctx, mb: Mailbox) => number) | null) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const container = folder ? String(folder(ctx, mb)) : null;
    const q = ctx.req.query;
    const keys = messageListKeys(ctx, mb, container);
    const size = ctx.pageSize(10, 1000);
    const skipRaw = q.get('$skip');
    const offset = skipRaw === null ? 0 : Number(skipRaw);
    if (!Number.isInteger(offset) || offset < 0)
      throw new GraphError(400, 'BadRequest', `Invalid value '${skipRaw ?? ''}' for $skip.`);
    const value: Record<string, unknown>[] = [];
    for (const key of keys.slice(offset, offset + size)) {
      const it = mb.messages.get(key);
      if (it) value.push(select(renderMessage(ctx, mb, it), q.get('$select')));
    }
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/messages`),
    };
    if (q.get('$count') === 'true') body['@odata.count'] = keys.length;
    body.value = value;
    // Exchange pages message lists with $skip (https://learn.microsoft.com/graph/api/user-list-messages)
    if (offset + size < keys.length) {
      const qs = new URLSearchParams(q);
      qs.set('$skip', String(offset + size));
      body['@odata.nextLink'] =
        `${ctx.origin}/${ctx.version}${ctx.path}?${qs.toString().replace(/%24/g, '$')}`;
    }
    return { status: 200, json: body, headers: preferenceApplied(ctx) };
  };
  r.get(`${U}/messages`, listMessages(null), t);
  r.get(
    `${U}/mailFolders/{mailFolder-id}/messages`,
    listMessages((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );
  r.get(
    `${U}/mailFolders/{mailFolder-id}/messages/delta()`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const k = folderKey(ctx, mb, ctx.params['mailFolder-id']);
      checkMessageDeltaQuery(ctx.req.query);
      return storeDelta(ctx, mb.messages, String(k), {
        render: (it) => renderMessage(ctx, mb, it),
        include: (it, query) => receivedSince(query)(it.data),
        removed: removed(ctx, mb, Kind.message),
        defaultPage: 10,
        maxPage: 1000,
        style: 'outlook',
        reset: outlookReset(),
        context: 'Collection(message)',
      });
    },
    t,
  );
  const create = (folder: (ctx: Ctx, mb: Mailbox) => number) => (ctx: Ctx) => {
    const mb = mailboxOf(ctx);
    const it = createMessage(ctx, mb, folder(ctx, mb));
    return {
      status: 201,
      json: {
        '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/messages/$entity`),
        ...renderMessage(ctx, mb, it),
      },
    };
  };
  r.post(
    `${U}/messages`,
    create((_c, mb) => mb.folderByWellKnown.get('drafts') ?? 0),
    t,
  );
  r.post(
    `${U}/mailFolders/{mailFolder-id}/messages`,
    create((ctx, mb) => folderKey(ctx, mb, ctx.params['mailFolder-id'])),
    t,
  );

  const vanishMsg = (ctx: Ctx) => {
    try {
      const mb = mailboxOf(ctx);
      const it = messageItem(ctx, mb, ctx.params['message-id']);
      mb.messages.delete(it.key);
    } catch {
      // already gone
    }
  };
  const single = { throttle: mailboxThrottle, vanish: vanishMsg };
  for (const base of [
    `${U}/messages/{message-id}`,
    `${U}/mailFolders/{mailFolder-id}/messages/{message-id}`,
  ]) {
    r.get(
      base,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        return {
          status: 200,
          json: {
            '@odata.context': contextUrl(ctx, `users('${mb.user.id}')/messages/$entity`),
            ...select(renderMessage(ctx, mb, it), ctx.req.query.get('$select')),
          },
        };
      },
      single,
    );
    r.get(
      `${base}/$value`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        return { status: 200, raw: mimeOf(mb, it), contentType: 'text/plain' };
      },
      single,
    );
    r.patch(
      base,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = updateMessage(ctx, mb, messageItem(ctx, mb, ctx.params['message-id']));
        return { status: 200, json: renderMessage(ctx, mb, it) };
      },
      single,
    );
    r.delete(
      base,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const deletions = mb.folderByWellKnown.get('recoverableitemsdeletions');
        if (deletions === undefined || it.container === String(deletions))
          mb.messages.delete(it.key);
        else mb.messages.move(it.key, String(deletions));
        return { status: 204 };
      },
      single,
    );
    r.post(
      `${base}/permanentDelete`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        mb.messages.delete(messageItem(ctx, mb, ctx.params['message-id']).key);
        return { status: 204 };
      },
      single,
    );
    r.post(
      `${base}/move`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const dest = folderKey(ctx, mb, ctx.json<{ destinationId?: string }>().destinationId);
        const moved = mb.messages.move(it.key, String(dest), (d) => ({
          ...d,
          changeKey: changeKey(),
          lastModifiedDateTime: isoAt(Date.now()),
        }));
        if (!moved)
          throw new GraphError(
            404,
            'ErrorItemNotFound',
            'The specified object was not found in the store.',
          );
        return { status: 201, json: renderMessage(ctx, mb, moved) };
      },
      single,
    );
    r.post(
      `${base}/copy`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const dest = folderKey(ctx, mb, ctx.json<{ destinationId?: string }>().destinationId);
        const now = isoAt(Date.now());
        const copy = mb.messages.create(String(dest), {
          ...it.data,
          createdDateTime: now,
          lastModifiedDateTime: now,
          changeKey: changeKey(),
        });
        return { status: 201, json: renderMessage(ctx, mb, copy) };
      },
      single,
    );
    r.get(
      `${base}/attachments`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const rows = it.data.attachments.map((a) => renderAttachment(ctx, mb, it, a, true));
        return listResponse(ctx, rows, {
          defaultPage: 1000,
          maxPage: 1000,
          context: `users('${mb.user.id}')/messages('${ctx.params['message-id'] ?? ''}')/attachments`,
        });
      },
      single,
    );
    r.post(
      `${base}/attachments`,
      (ctx) => {
        const mb = mailboxOf(ctx);
        const it = messageItem(ctx, mb, ctx.params['message-id']);
        const j = ctx.json<AttachmentJson>();
        const now = isoAt(Date.now());
        const a = attachmentFromJson(ctx, mb, j, nextAttachmentKey(it.data), now);
        if (!a.item && a.size > ATTACHMENT_POST_LIMIT)
          throw new GraphError(
            413,
            'ErrorAttachmentSizeLimitExceeded',
            'The attachment is larger than 3 MB; use an upload session.',
          );
        const up = addAttachment(mb, it, a);
        return { status: 201, json: renderAttachment(ctx, mb, up, a, true) };
      },
      single,
    );
    const attachmentOf = (ctx: Ctx) => {
      const mb = mailboxOf(ctx);
      const it = messageItem(ctx, mb, ctx.params['message-id']);
      const a = it.data.attachments.find(
        (x) => attachmentId(mb, it, x) === ctx.params['attachment-id'],
      );
      if (!a)
        throw new GraphError(
          404,
          'ErrorItemNotFound',
          'The specified object was not found in the store.',
        );
      return { mb, it, a };
    };
    r.get(
      `${base}/attachments/{attachment-id}`,
      (ctx) => {
        const { mb, it, a } = attachmentOf(ctx);
        return {
          status: 200,
          json: {
            '@odata.context': contextUrl(
              ctx,
              `users('${mb.user.id}')/messages('${messageId(ctx, mb, it)}')/attachments/$entity`,
            ),
            ...select(renderAttachment(ctx, mb, it, a, true), ctx.req.query.get('$select')),
          },
        };
      },
      single,
    );
    r.delete(
      `${base}/attachments/{attachment-id}`,
      (ctx) => {
        const { mb, it, a } = attachmentOf(ctx);
        mb.messages.update(it.key, (d) => {
          const n = {
            ...d,
            attachments: d.attachments.filter((x) => x.key !== a.key),
            changeKey: changeKey(),
            lastModifiedDateTime: isoAt(Date.now()),
          };
          delete n.mime;
          return n;
        });
        return { status: 204 };
      },
      single,
    );
    r.post(
      `${base}/attachments/createUploadSession`,
      (ctx) => createAttachmentSession(ctx),
      single,
    );
  }
  r.put(
    `${U}/messages/{message-id}/$value`,
    (ctx) => {
      const mb = mailboxOf(ctx);
      const it = messageItem(ctx, mb, ctx.params['message-id']);
      const now = isoAt(Date.now());
      const parsed = fromMime(mb, ctx.req.body, now);
      const up = mb.messages.update(it.key, (d) => ({
        ...parsed,
        isDraft: d.isDraft,
        isRead: d.isRead,
        flagStatus: d.flagStatus,
        categories: d.categories,
        sentDateTime: d.sentDateTime,
        receivedDateTime: d.receivedDateTime,
        createdDateTime: d.createdDateTime,
        extended: d.extended,
      }));
      void up;
      return { status: 204 };
    },
    single,
  );
}

// ------------------------------------------------------------------ attachment upload sessions

/** Attachments up to 3 MB go in one POST; 3 MB to 150 MB through an upload session. */
const ATTACHMENT_POST_LIMIT = 3 * 1024 * 1024;
const ATTACHMENT_SESSION_MIN = 3 * 1024 * 1024;
const ATTACHMENT_SESSION_MAX = 150 * 1024 * 1024;

/**
 * `POST …/messages/{id}/attachments/createUploadSession`
 * (https://learn.microsoft.com/graph/api/attachment-createuploadsession): 201 with an
 * uploadSession whose pre-authenticated `uploadUrl` is on the Outlook REST endpoint.
 */
function createAttachmentSession(ctx: Ctx): GraphResult {
  const mb = mailboxOf(ctx);
  const it = messageItem(ctx, mb, ctx.params['message-id']);
  const j = ctx.json<{
    AttachmentItem?: {
      attachmentType?: string;
      name?: string;
      size?: number;
      contentType?: string;
      isInline?: boolean;
      contentId?: string;
    };
  }>();
  const item = j.AttachmentItem;
  if (!item?.name || typeof item.size !== 'number')
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      'The AttachmentItem parameter with a name and a size is required.',
    );
  if ((item.attachmentType ?? 'file').toLowerCase() !== 'file')
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      'Only file attachments can be uploaded through an upload session.',
    );
  if (item.size < ATTACHMENT_SESSION_MIN)
    throw new GraphError(
      400,
      'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
      'Attachment size must be greater than the minimum size.',
    );
  if (item.size > ATTACHMENT_SESSION_MAX)
    throw new GraphError(
      400,
      'ErrorAttachmentSizeLimitExceeded',
      'The attachment exceeds the maximum size of 150 MB.',
    );
  const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
  const session: AttachmentUploadSession = {
    id,
    token: randomUUID().replace(/-/g, ''),
    appId: ctx.appId,
    userId: mb.user.id,
    messageRef: messageId(ctx, mb, it),
    messageKey: it.key,
    name: item.name,
    size: item.size,
    contentType: item.contentType ?? 'application/octet-stream',
    isInline: item.isInline ?? false,
    ...(item.contentId ? { contentId: item.contentId } : {}),
    chunks: [],
    received: 0,
    expires: Date.now() + 15 * 60_000,
  };
  ctx.sim.attachmentUploads.set(id, session);
  return {
    status: 201,
    json: {
      '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#microsoft.graph.uploadSession`,
      uploadUrl: `${outlookItemUrl(ctx.origin, ctx.sim, session)}/AttachmentSessions('${id}')?authtoken=${session.token}`,
      expirationDateTime: new Date(session.expires).toISOString(),
      nextExpectedRanges: ['0-'],
    },
  };
}

function outlookItemUrl(origin: string, sim: Sim, s: AttachmentUploadSession): string {
  return `${origin}/api/v2.0/Users('${s.userId}@${sim.tenant.id}')/Messages('${s.messageRef}')`;
}

/**
 * The upload URLs of attachment sessions: ordered `PUT`s with `Content-Range` and no
 * `Authorization` header (200 with the next expected range; 201 with the attachment's URL in
 * `Location` at the end), `DELETE` to cancel. They are Outlook requests, so they count
 * against the app's mailbox limits, uploaded bytes included.
 */
export function registerAttachmentUploads(app: Hono, sim: Sim): void {
  const path =
    /^\/api\/v2\.0\/Users\('([^']+)'\)\/Messages\('([^']+)'\)\/AttachmentSessions\('([^']+)'\)$/i;
  const find = (url: URL) => {
    const m = path.exec(decodeURIComponent(url.pathname));
    const s = m ? sim.attachmentUploads.get(m[3] ?? '') : undefined;
    return s && s.token === url.searchParams.get('authtoken') && s.expires > Date.now()
      ? s
      : undefined;
  };
  const fail = (status: number, code: string, message: string, headers: HeadersInit = {}) =>
    new Response(JSON.stringify({ error: { code, message } }), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  app.put('/api/v2.0/*', async (c) => {
    const url = new URL(c.req.url);
    const body = Buffer.from(await c.req.arrayBuffer());
    const s = find(url);
    const entry = { method: 'PUT', url: url.pathname, throttled: false };
    if (!s) {
      sim.log.add({ ...entry, status: 404 });
      return fail(404, 'ErrorItemNotFound', 'The upload session was not found or has expired.');
    }
    const log = (status: number, extra: { throttled?: boolean; limit?: string } = {}) =>
      sim.log.add({ ...entry, ...extra, status, mailbox: s.userId, appId: s.appId });
    if (c.req.header('authorization')) {
      log(401);
      return fail(
        401,
        'InvalidAuthenticationToken',
        'Do not send an Authorization header to a pre-authenticated upload URL.',
      );
    }
    const slot = sim.throttle.acquireMailbox(s.appId, s.userId, body.length);
    if (!('release' in slot)) {
      log(429, { throttled: true, limit: slot.limit });
      return fail(429, slot.code, slot.message, {
        'Retry-After': String(retryAfterSeconds(slot.retryAfterMs)),
      });
    }
    try {
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(c.req.header('content-range') ?? '');
      const start = Number(m?.[1]);
      const end = Number(m?.[2]);
      if (!m || end - start + 1 !== body.length || Number(m[3]) !== s.size || end >= s.size) {
        log(400);
        return fail(
          400,
          'ErrorInvalidRequest',
          'The Content-Range header is missing or does not match the fragment and the declared size.',
        );
      }
      if (start !== s.received) {
        log(416);
        return fail(
          416,
          'ErrorInvalidRange',
          `The fragment starts at ${start}; the next expected range starts at ${s.received}.`,
        );
      }
      s.chunks.push(body);
      s.received = end + 1;
      if (s.received < s.size) {
        log(200);
        return c.json({
          '@odata.context': `${url.origin}/api/v2.0/$metadata#Users('${encodeURIComponent(`${s.userId}@${sim.tenant.id}`)}')/Messages('${encodeURIComponent(s.messageRef)}')/AttachmentSessions/$entity`,
          ExpirationDateTime: new Date(s.expires).toISOString(),
          nextExpectedRanges: [String(s.received)],
        });
      }
      sim.attachmentUploads.delete(s.id);
      const u = sim.tenant.user(s.userId);
      const mb = u ? sim.tenant.mailbox(u) : undefined;
      const it = mb?.messages.get(s.messageKey);
      if (!mb || !it) {
        log(404);
        return fail(404, 'ErrorItemNotFound', 'The message no longer exists.');
      }
      const content = Buffer.concat(s.chunks);
      const a: AttachmentData = {
        key: nextAttachmentKey(it.data),
        name: s.name,
        contentType: s.contentType,
        size: content.length,
        isInline: s.isInline,
        ...(s.contentId ? { contentId: s.contentId } : {}),
        content,
        lastModifiedDateTime: isoAt(Date.now()),
      };
      const up = addAttachment(mb, it, a);
      log(201);
      return new Response(null, {
        status: 201,
        headers: {
          Location: `${outlookItemUrl(url.origin, sim, s)}/Attachments('${attachmentId(mb, up, a)}')`,
          'Content-Length': '0',
        },
      });
    } finally {
      slot.release();
    }
  });
  app.delete('/api/v2.0/*', (c) => {
    const s = find(new URL(c.req.url));
    if (!s) return fail(404, 'ErrorItemNotFound', 'The upload session was not found.');
    sim.attachmentUploads.delete(s.id);
    return new Response(null, { status: 204 });
  });
}

export function deleteFolderTree(mb: Mailbox, key: number): void {
  for (const child of mb.folders.all('').filter((f) => f.data.parentKey === key))
    deleteFolderTree(mb, child.key);
  for (const m of mb.messages.all(String(key))) mb.messages.delete(m.key);
  mb.folders.delete(key);
}
