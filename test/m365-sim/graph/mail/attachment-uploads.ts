/** Attachment upload sessions (3 MB to 150 MB) and the Outlook upload URL they hand out. */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { AttachmentUploadSession, Sim } from '../../sim.ts';
import { retryAfterSeconds } from '../../throttle.ts';
import { type AttachmentData, isoAt } from '../../tenant.ts';
import { type Ctx, GraphError, type GraphResult } from '../http.ts';
import { mailboxOf, messageId, messageItem } from './mailbox-access.ts';
import { addAttachment, attachmentId, nextAttachmentKey } from './attachments.ts';

// ------------------------------------------------------------------ attachment upload sessions

/** Attachments up to 3 MB go in one POST; 3 MB to 150 MB through an upload session. */
export const ATTACHMENT_POST_LIMIT = 3 * 1024 * 1024;
const ATTACHMENT_SESSION_MIN = 3 * 1024 * 1024;
const ATTACHMENT_SESSION_MAX = 150 * 1024 * 1024;

/**
 * `POST …/messages/{id}/attachments/createUploadSession`
 * (https://learn.microsoft.com/graph/api/attachment-createuploadsession): 201 with an
 * uploadSession whose pre-authenticated `uploadUrl` is on the Outlook REST endpoint.
 */
export function createAttachmentSession(ctx: Ctx): GraphResult {
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
  // the session's status, to resume an upload (modelled on
  // https://learn.microsoft.com/graph/api/driveitem-createuploadsession#resuming-an-in-progress-upload)
  app.get('/api/v2.0/*', (c) => {
    const url = new URL(c.req.url);
    const s = find(url);
    const entry = { method: 'GET', url: url.pathname, throttled: false };
    if (!s) {
      sim.log.add({ ...entry, status: 404 });
      return fail(404, 'ErrorItemNotFound', 'The upload session was not found or has expired.');
    }
    const status = c.req.header('authorization') ? 401 : 200;
    sim.log.add({ ...entry, status, mailbox: s.userId, appId: s.appId });
    if (status === 401)
      return fail(
        401,
        'InvalidAuthenticationToken',
        'Do not send an Authorization header to a pre-authenticated upload URL.',
      );
    return c.json({
      expirationDateTime: new Date(s.expires).toISOString(),
      nextExpectedRanges: [`${s.received}-`],
    });
  });
  app.delete('/api/v2.0/*', (c) => {
    const s = find(new URL(c.req.url));
    if (!s) return fail(404, 'ErrorItemNotFound', 'The upload session was not found.');
    sim.attachmentUploads.delete(s.id);
    return new Response(null, { status: 204 });
  });
}
