/** Messages and mail folders as Graph JSON. */
import { type Address, parseMime } from '../../mime.ts';
import type { StoredItem } from '../../store.ts';
import type { Mailbox, MessageData } from '../../tenant.ts';
import { type Ctx, GraphError } from '../http.ts';
import { folderId, messageId } from './mailbox-access.ts';
import { renderAttachment } from './attachments.ts';
import { mimeOf } from './message-mime.ts';

// ------------------------------------------------------------------ rendering

export const recip = (a: Address) => ({ emailAddress: { name: a.name, address: a.address } });

export function preview(data: MessageData): string {
  return data.bodyText.replace(/\s+/g, ' ').trim().slice(0, 255);
}

/** Body, addresses and flag: the same in a message and in a message attached to another. */
export function bodyAndParties(d: MessageData): Record<string, unknown> {
  return {
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

export function renderMessage(
  ctx: Ctx,
  mb: Mailbox,
  it: StoredItem<MessageData>,
): Record<string, unknown> {
  const d = it.data;
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
    ...bodyAndParties(d),
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

export const PR_MESSAGE_FLAGS = 'integer 0xe07';
export const PR_CLIENT_SUBMIT_TIME = 'systemtime 0x39';
export const PR_MESSAGE_DELIVERY_TIME = 'systemtime 0xe06';

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
