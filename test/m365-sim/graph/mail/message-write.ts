/** Creating and updating messages from Graph JSON. */
import type { Address } from '../../mime.ts';
import { guidOf, hash32 } from '../../random.ts';
import type { StoredItem } from '../../store.ts';
import { type AttachmentData, isoAt, type Mailbox, type MessageData } from '../../tenant.ts';
import { type Ctx, GraphError } from '../http.ts';
import {
  normPropId,
  PR_CLIENT_SUBMIT_TIME,
  PR_MESSAGE_DELIVERY_TIME,
  PR_MESSAGE_FLAGS,
} from './render.ts';
import { attachmentFromJson, type AttachmentJson } from './attachments.ts';
import { decodeMimeBody, fromMime, isMimeUpload } from './message-mime.ts';

// ------------------------------------------------------------------ create / update

export interface MessageJson {
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

const toAddr = (
  r: { emailAddress?: { name?: string; address?: string } } | undefined,
): Address => ({
  name: r?.emailAddress?.name ?? r?.emailAddress?.address ?? '',
  address: r?.emailAddress?.address ?? '',
});

/** A new change key, derived from the seed and the tenant's write counter (deterministic). */
export function changeKey(mb: Mailbox): string {
  const n = mb.tenant.nextWrite();
  const h = hash32(mb.tenant.seed, 'changeKey', n).toString(36).toUpperCase().padStart(7, '0');
  return 'CQAAABYAAAB' + h + n.toString(36).toUpperCase().padStart(4, '0');
}

/** internetMessageId and conversationId of a created message (deterministic, as changeKey). */
export function createdIds(mb: Mailbox): { internetMessageId: string; conversationId: string } {
  const n = mb.tenant.nextWrite();
  const domain = mb.user.mail?.split('@')[1] ?? 'sim.example';
  return {
    internetMessageId: `<${hash32(mb.tenant.seed, 'imid', n).toString(36).toUpperCase()}.${n}@${domain}>`,
    conversationId: guidOf(mb.tenant.seed, 'conversation', n),
  };
}

export function stripHtml(html: string): string {
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

export function fromJson(ctx: Ctx, mb: Mailbox, j: MessageJson, now: string): MessageData {
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
  const ids = createdIds(mb);
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
    internetMessageId: j.internetMessageId ?? ids.internetMessageId,
    conversationId: ids.conversationId,
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
    changeKey: changeKey(mb),
  };
  if (j.isRead !== undefined) data.isRead = j.isRead;
  void ctx;
  return data;
}

export function createMessage(
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

export function updateMessage(
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
    const n: MessageData = { ...d, lastModifiedDateTime: now, changeKey: changeKey(mb) };
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
