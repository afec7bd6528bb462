/** Upload-session fragments on the pre-authenticated upload URL. */
import type { Context, Hono } from 'hono';
import type { Sim } from '../../sim.ts';
import { GraphError, type Ctx } from '../http.ts';
import { writeFile } from './file-writes.ts';
import { renderItem } from './render.ts';

/** Upload-session fragment PUTs and cancellation (pre-authenticated URLs, no bearer token). */
export function registerUploads(app: Hono, sim: Sim): void {
  const FRAGMENT = 320 * 1024;
  const fail = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message } }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  // A pre-authenticated upload URL answers only for a live session and refuses a bearer
  // token; every answer is logged with the method that reached it.
  const openSession = (c: Context, method: 'PUT' | 'GET') => {
    const url = new URL(c.req.url);
    const session = sim.uploads.get(url.searchParams.get('guid') ?? '');
    const log = (status: number) =>
      sim.log.add({ method, url: url.pathname, status, throttled: false });
    if (!session || session.expires < Date.now()) {
      log(404);
      return fail(404, 'itemNotFound', 'The upload session was not found or has expired.');
    }
    if (c.req.header('authorization')) {
      log(401);
      return fail(
        401,
        'unauthenticated',
        'Do not send an Authorization header to a pre-authenticated upload URL.',
      );
    }
    return { session, log };
  };
  app.put('/_api/v2.0/drives/:drive/uploadSession', async (c) => {
    const opened = openSession(c, 'PUT');
    if (opened instanceof Response) return opened;
    const { session: s, log } = opened;
    const body = Buffer.from(await c.req.arrayBuffer());
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(c.req.header('content-range') ?? '');
    if (!m) {
      log(400);
      return fail(400, 'invalidRequest', 'Content-Range header is missing or invalid.');
    }
    const start = Number(m[1]);
    const end = Number(m[2]);
    const total = m[3] === '*' ? null : Number(m[3]);
    if (total === null || end - start + 1 !== body.length || end >= total) {
      log(400);
      return fail(400, 'invalidRequest', 'The Content-Range does not match the fragment.');
    }
    if (s.total !== null && s.total !== total) {
      log(400);
      return fail(400, 'invalidRequest', 'The declared file size changed during the upload.');
    }
    if (start !== s.received) {
      log(416);
      return fail(
        416,
        'invalidRange',
        `The fragment starts at ${start}; the next expected range is ${s.received}-.`,
      );
    }
    const last = end + 1 === total;
    if (!last && body.length % FRAGMENT !== 0) {
      log(400);
      return fail(
        400,
        'invalidRequest',
        'Fragments must be a multiple of 320 KiB (327,680 bytes), except the last one.',
      );
    }
    if (body.length > 60 * 1024 * 1024) {
      log(413);
      return fail(413, 'requestTooLarge', 'Fragments must be smaller than 60 MiB.');
    }
    s.total = total;
    s.chunks.push(body);
    s.received = end + 1;
    if (!last) {
      log(202);
      return c.json(
        {
          expirationDateTime: new Date(s.expires).toISOString(),
          nextExpectedRanges: [`${s.received}-`],
        },
        202,
      );
    }
    sim.uploads.delete(s.id);
    const d = sim.tenant.drive(s.driveId);
    if (!d) return fail(404, 'itemNotFound', 'The drive no longer exists.');
    try {
      const res = writeFile(
        d,
        s.parentKey,
        s.name,
        Buffer.concat(s.chunks),
        s.conflict,
        s.existingKey,
      );
      log(res.created ? 201 : 200);
      const fakeCtx = { sim } as unknown as Ctx;
      return c.json(renderItem(fakeCtx, d, res.item, false), res.created ? 201 : 200);
    } catch (e) {
      if (e instanceof GraphError) {
        log(e.status);
        return fail(e.status, e.code, e.message);
      }
      throw e;
    }
  });
  // resume an in-progress upload: the session's status
  // (https://learn.microsoft.com/graph/api/driveitem-createuploadsession#resuming-an-in-progress-upload)
  app.get('/_api/v2.0/drives/:drive/uploadSession', (c) => {
    const opened = openSession(c, 'GET');
    if (opened instanceof Response) return opened;
    const { session: s, log } = opened;
    log(200);
    return c.json({
      expirationDateTime: new Date(s.expires).toISOString(),
      nextExpectedRanges: [`${s.received}-`],
    });
  });
  app.delete('/_api/v2.0/drives/:drive/uploadSession', (c) => {
    const id = new URL(c.req.url).searchParams.get('guid') ?? '';
    return sim.uploads.delete(id)
      ? new Response(null, { status: 204 })
      : fail(404, 'itemNotFound', 'The upload session was not found.');
  });
}
