/** Attachment routes of a message: list, add, get, delete, start an upload session. */
import { isoAt } from '../../tenant.ts';
import { type Ctx, GraphError, type Router, select } from '../http.ts';
import { contextUrl, listResponse } from '../paging.ts';
import {
  mailboxOf,
  MESSAGE_PATHS,
  messageId,
  messageItem,
  messageRoute,
} from './mailbox-access.ts';
import {
  addAttachment,
  attachmentFromJson,
  attachmentId,
  type AttachmentJson,
  nextAttachmentKey,
  renderAttachment,
} from './attachments.ts';
import { changeKey } from './message-write.ts';
import { ATTACHMENT_POST_LIMIT, createAttachmentSession } from './attachment-uploads.ts';

export function registerAttachmentRoutes(r: Router): void {
  const single = messageRoute;
  for (const base of MESSAGE_PATHS) {
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
            changeKey: changeKey(mb),
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
}
