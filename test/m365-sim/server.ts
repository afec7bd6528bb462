/**
 * The simulated Microsoft 365 tenant as an HTTP server (Hono on Node).
 *
 *   const sim = await startSimulator({ port: 0, seed: 1 });
 *   // Graph: `${sim.url}/v1.0/...`; login: `${sim.url}/{tenant}/oauth2/v2.0/token`
 *   await sim.close();
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID } from './app-registration.ts';
import { registerControl } from './control.ts';
import { registerDownloads } from './downloads.ts';
import { registerUploads } from './graph/drives.ts';
import { registerAttachmentUploads } from './graph/mail/attachment-uploads.ts';
import { handleBatch } from './graph/batch.ts';
import { registerGraphRoutes } from './graph/routes.ts';
import type { GraphResult, SimRequest } from './graph/http.ts';
import { registerIdentity } from './identity.ts';
import { Sim, type SimOptions } from './sim.ts';
import type { LimitOverrides } from './throttle.ts';

export interface StartOptions {
  port?: number;
  seed?: number;
  size?: { users?: number; messagesPerMailbox?: number };
  /** Compresses throttling windows: 600 turns 10 minutes into 1 second. Default 1. */
  timeScale?: number;
  /** Enforce Microsoft's throttling limits (default true). */
  throttling?: boolean;
  hostname?: string;
  /** Whether the demo app starts with admin consent granted (default true). */
  consented?: boolean;
  tokenLifetimeSeconds?: number;
  limits?: LimitOverrides;
  /** 'manual': throttling windows only move when `/_sim/clock` advances them (tests). */
  clock?: 'real' | 'manual';
}

export interface RunningSimulator {
  url: string;
  port: number;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Graph base URL, e.g. http://127.0.0.1:8787/v1.0 */
  graphUrl: string;
  sim: Sim;
  close(): Promise<void>;
}

function graphResponse(c: Context, r: GraphResult): Response {
  const headers = new Headers(r.headers ?? {});
  if (r.raw !== undefined && r.cutAfter !== undefined) {
    headers.set('Content-Type', r.contentType ?? 'application/octet-stream');
    headers.set('Content-Length', String(r.raw.byteLength));
    const head = r.raw.slice(0, r.cutAfter);
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection cut by fault injection'));
        sent = true;
        controller.enqueue(head);
      },
    });
    return new Response(body, { status: r.status, headers });
  }
  if (r.raw !== undefined) {
    headers.set('Content-Type', r.contentType ?? 'application/octet-stream');
    return new Response(r.status === 204 ? null : Buffer.from(r.raw), {
      status: r.status,
      headers,
    });
  }
  if (r.json !== undefined) {
    headers.set(
      'Content-Type',
      'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
    );
    return new Response(JSON.stringify(r.json), { status: r.status, headers });
  }
  void c;
  return new Response(null, { status: r.status, headers });
}

export async function toSimRequest(c: Context): Promise<SimRequest> {
  const url = new URL(c.req.url);
  const body = ['GET', 'HEAD'].includes(c.req.method)
    ? Buffer.alloc(0)
    : Buffer.from(await c.req.arrayBuffer());
  return {
    method: c.req.method,
    path: url.pathname,
    query: url.searchParams,
    headers: c.req.raw.headers,
    body,
  };
}

export function createApp(sim: Sim): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    sim.origin = new URL(c.req.url).origin;
    await next();
  });
  registerControl(app, sim);
  registerDownloads(app, sim);
  registerUploads(app, sim);
  registerAttachmentUploads(app, sim);
  const graph = async (c: Context) => {
    const req = await toSimRequest(c);
    const origin = new URL(c.req.url).origin;
    if (/^\/(v1\.0|beta)\/\$batch$/.test(req.path)) {
      if (req.method !== 'POST')
        return c.json({ error: { code: 'BadRequest', message: '$batch takes POST.' } }, 405);
      return graphResponse(c, await handleBatch(sim, req, origin));
    }
    return graphResponse(c, await sim.handleGraph(req, { origin }));
  };
  app.all('/v1.0/*', graph);
  app.all('/beta/*', graph);
  app.all('/v1.0', graph);
  registerIdentity(app, sim);
  app.get('/', (c) =>
    c.text(
      `m365-sim: simulated Microsoft 365 tenant ${sim.tenant.displayName} (${sim.tenant.id})\n`,
    ),
  );
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'NotFound',
          message: `No simulator endpoint at ${new URL(c.req.url).pathname}`,
        },
      },
      404,
    ),
  );
  return app;
}

export async function createSim(opts: StartOptions = {}): Promise<Sim> {
  const options: SimOptions = {
    seed: opts.seed ?? 1,
    users: opts.size?.users ?? 25,
    messagesPerMailbox: opts.size?.messagesPerMailbox ?? 60,
    timeScale: opts.timeScale ?? 1,
    throttling: opts.throttling ?? true,
    consented: opts.consented ?? true,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3599,
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  };
  const sim = new Sim(options);
  await sim.init(registerGraphRoutes);
  return sim;
}

export async function startSimulator(opts: StartOptions = {}): Promise<RunningSimulator> {
  const sim = await createSim(opts);
  const app = createApp(sim);
  const hostname = opts.hostname ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ServerType; port: number }>(
    (resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      );
      s.once('error', reject);
    },
  );
  const host =
    hostname === '0.0.0.0' || hostname === '::'
      ? 'localhost'
      : hostname.includes(':')
        ? `[${hostname}]`
        : hostname;
  const url = `http://${host}:${port}`;
  sim.origin = url;
  let closed = false;
  return {
    url,
    port,
    tenantId: DEMO_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    graphUrl: `${url}/v1.0`,
    sim,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      sim.faults.clear();
      return new Promise<void>((resolve, reject) => {
        const srv = server as ServerType & { closeAllConnections?: () => void };
        srv.close((err) => (err ? reject(err) : resolve()));
        srv.closeAllConnections?.();
      });
    },
  };
}

export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID };
