/** Pre-authenticated download URLs (SharePoint's download.aspx) with Range and cut-connection faults. */
import type { Hono } from 'hono';
import type { Sim } from './sim.ts';

export function registerDownloads(app: Hono, sim: Sim): void {
  app.get('/_layouts/15/download.aspx', (c) => {
    const url = new URL(c.req.url);
    const token = url.searchParams.get('tempauth') ?? '';
    const entry = sim.downloads.get(token);
    const log = (status: number, fault?: string) =>
      sim.log.add({
        method: 'GET',
        url: url.pathname + url.search.slice(0, 80),
        status,
        throttled: false,
        ...(fault ? { fault } : {}),
      });
    if (!entry || entry.exp < Date.now()) {
      log(401);
      return c.json(
        {
          error: {
            code: 'unauthenticated',
            message: 'The pre-authenticated download URL has expired or is invalid.',
          },
        },
        401,
      );
    }
    let file;
    try {
      file = entry.read();
    } catch {
      log(404);
      return c.json(
        { error: { code: 'itemNotFound', message: 'The resource could not be found.' } },
        404,
      );
    }
    let start = 0;
    let end = file.size; // exclusive
    let status = 200;
    const range = c.req.header('range');
    const headers: Record<string, string> = {
      'Content-Type': file.mimeType,
      'Accept-Ranges': 'bytes',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      ETag: `"${token.slice(0, 8)}"`,
    };
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (!m || (m[1] === '' && m[2] === '')) {
        log(416);
        return new Response(null, {
          status: 416,
          headers: { 'Content-Range': `bytes */${file.size}` },
        });
      }
      if (m[1] === '') {
        start = Math.max(0, file.size - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== '') end = Math.min(file.size, Number(m[2]) + 1);
      }
      if (start >= file.size || start >= end) {
        log(416);
        return new Response(null, {
          status: 416,
          headers: { 'Content-Range': `bytes */${file.size}` },
        });
      }
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end - 1}/${file.size}`;
    }
    headers['Content-Length'] = String(end - start);
    const cut = sim.faults.take(['cut'], 'GET', url.pathname, false);
    const slowMs = sim.faults.take(['delay'], 'GET', url.pathname, false)?.delayMs ?? 0;
    log(status, cut ? `cut:${cut.id}` : undefined);
    const limit = cut
      ? Math.min(end, start + (cut.afterBytes ?? Math.floor((end - start) / 2)))
      : end;
    const CHUNK = 256 * 1024;
    let pos = start;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (slowMs && pos === start) await new Promise((r) => setTimeout(r, slowMs));
        if (pos >= limit) {
          if (cut) controller.error(new Error('connection cut by fault injection'));
          else controller.close();
          return;
        }
        const next = Math.min(limit, pos + CHUNK);
        controller.enqueue(file.slice(pos, next));
        pos = next;
      },
    });
    return new Response(body, { status, headers });
  });
}
