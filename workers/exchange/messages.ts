/**
 * Messages of one mail folder through message delta, shared by the mail and notes readers.
 * Metadata comes from `$select` on the delta page; the content is the MIME from `$value`,
 * streamed. https://learn.microsoft.com/graph/api/message-delta ,
 * https://learn.microsoft.com/graph/api/message-get#example-4-get-mime-content
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type { ItemKind } from '../backup/types.js';
import { GraphApiError, toGraphApiError } from '../graph/graph-error.js';
import { ItemGoneError } from './errors.js';
import { DELTA_PAGE_SIZE, deltaPage, enc, outlookHeaders, readerPage } from './graph-io.js';
import { collectAttachmentNames } from './mime-names.js';
import type { ReaderItem, ReaderPage } from './types.js';

const SELECT = [
  'subject',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'isRead',
  'isDraft',
  'flag',
  'categories',
  'importance',
  'hasAttachments',
  'internetMessageId',
  'conversationId',
  'parentFolderId',
  'changeKey',
  'bodyPreview',
].join(',');

interface Recipient {
  emailAddress?: { name?: string; address?: string };
}

interface MessageJson {
  id: string;
  '@removed'?: unknown;
  subject?: string;
  from?: Recipient;
  sender?: Recipient;
  toRecipients?: Recipient[];
  ccRecipients?: Recipient[];
  bccRecipients?: Recipient[];
  receivedDateTime?: string;
  sentDateTime?: string;
  isRead?: boolean;
  isDraft?: boolean;
  flag?: unknown;
  categories?: string[];
  importance?: string;
  hasAttachments?: boolean;
  internetMessageId?: string;
  conversationId?: string;
  parentFolderId?: string;
  changeKey?: string;
  bodyPreview?: string;
}

export async function readMessagePage(
  kind: Extract<ItemKind, 'message' | 'note'>,
  client: Client,
  userId: string,
  folderGraphId: string,
  cursor: string | null,
): Promise<ReaderPage> {
  const initial = `/users/${enc(userId)}/mailFolders/${enc(folderGraphId)}/messages/delta?$select=${SELECT}`;
  const page = await deltaPage<MessageJson>(
    client,
    `${kind}:${folderGraphId}`,
    initial,
    cursor,
    outlookHeaders(DELTA_PAGE_SIZE),
  );
  return readerPage(page, (m) => messageItem(kind, client, userId, folderGraphId, m));
}

function messageItem(
  kind: Extract<ItemKind, 'message' | 'note'>,
  client: Client,
  userId: string,
  folderGraphId: string,
  m: MessageJson,
): ReaderItem {
  const search = {
    subject: m.subject ?? '',
    from: addresses([m.from]),
    to: addresses([...(m.toRecipients ?? []), ...(m.ccRecipients ?? [])]),
    body: m.bodyPreview ?? '',
    attachments: '',
  };
  return {
    kind,
    graphId: m.id,
    folderGraphId,
    ...(m.changeKey ? { changeKey: m.changeKey } : {}),
    meta: {
      folderId: m.parentFolderId ?? folderGraphId,
      subject: m.subject ?? null,
      from: m.from?.emailAddress ?? null,
      sender: m.sender?.emailAddress ?? null,
      to: (m.toRecipients ?? []).map((r) => r.emailAddress),
      cc: (m.ccRecipients ?? []).map((r) => r.emailAddress),
      bcc: (m.bccRecipients ?? []).map((r) => r.emailAddress),
      receivedDateTime: m.receivedDateTime ?? null,
      sentDateTime: m.sentDateTime ?? null,
      isRead: m.isRead ?? null,
      isDraft: m.isDraft ?? null,
      flag: m.flag ?? null,
      categories: m.categories ?? [],
      importance: m.importance ?? null,
      hasAttachments: m.hasAttachments ?? false,
      internetMessageId: m.internetMessageId ?? null,
      conversationId: m.conversationId ?? null,
    },
    search,
    content: async () => {
      const body = await mimeStream(client, userId, m.id);
      if (!m.hasAttachments) return body;
      return body.pipeThrough(
        collectAttachmentNames((names) => (search.attachments = names.join(' '))),
      );
    },
  };
}

/** `$value` as a stream; a 404 means the message went away after the delta listed it. */
async function mimeStream(
  client: Client,
  userId: string,
  id: string,
): Promise<ReadableStream<Uint8Array>> {
  let res: Response;
  try {
    res = (await client
      .api(`/users/${enc(userId)}/messages/${enc(id)}/$value`)
      .headers(outlookHeaders())
      .responseType(ResponseType.RAW)
      .get()) as Response;
  } catch (e) {
    throw toGraphApiError(e);
  }
  if (res.status === 404) throw new ItemGoneError(id, await GraphApiError.fromResponse(res));
  if (!res.ok) throw await GraphApiError.fromResponse(res);
  if (!res.body) return new Blob([]).stream();
  return res.body;
}

function addresses(list: Array<Recipient | undefined>): string {
  return list
    .map((r) => [r?.emailAddress?.name, r?.emailAddress?.address].filter(Boolean).join(' '))
    .filter(Boolean)
    .join(' ');
}
