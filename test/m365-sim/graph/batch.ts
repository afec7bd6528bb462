/** JSON batching (https://learn.microsoft.com/graph/json-batching): ≤ 20 requests, dependsOn, per-request status. */
import { randomUUID } from 'node:crypto';
import type { Sim } from '../sim.ts';
import { GraphError, type GraphResult, type SimRequest } from './http.ts';

interface BatchItem {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: unknown;
}

export const MAX_BATCH = 20;

export async function handleBatch(sim: Sim, req: SimRequest, origin: string): Promise<GraphResult> {
  const version = req.path.startsWith('/beta') ? 'beta' : 'v1.0';
  const requestId = randomUUID();
  // logged first so sub-requests can name their parent; the final status is set below
  const entry = sim.log.add({ method: 'POST', url: req.path, status: 0, throttled: false });
  const result = await runBatch(sim, req, origin, version, entry.seq, requestId);
  entry.status = result.status;
  result.headers = {
    'request-id': requestId,
    'client-request-id': req.headers.get('client-request-id') ?? requestId,
    ...result.headers,
  };
  return result;
}

async function runBatch(
  sim: Sim,
  req: SimRequest,
  origin: string,
  version: string,
  seq: number,
  requestId: string,
): Promise<GraphResult> {
  try {
    const auth = await sim.verifyGraphToken(req.headers.get('authorization'));
    let parsed: { requests?: BatchItem[] };
    try {
      parsed = JSON.parse(req.body.toString('utf8')) as { requests?: BatchItem[] };
    } catch {
      throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
    }
    const items = parsed.requests;
    if (!Array.isArray(items) || items.length === 0)
      throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
    if (items.length > MAX_BATCH)
      throw new GraphError(
        400,
        'BadRequest',
        `The number of requests in a batch cannot exceed ${MAX_BATCH}.`,
      );
    const ids = new Set<string>();
    for (const it of items) {
      if (typeof it.id !== 'string' || !it.id)
        throw new GraphError(
          400,
          'BadRequest',
          'Invalid batch payload format: every request needs an id.',
        );
      if (ids.has(it.id))
        throw new GraphError(400, 'BadRequest', `Duplicate request id '${it.id}' in batch.`);
      if (typeof it.method !== 'string' || typeof it.url !== 'string')
        throw new GraphError(
          400,
          'BadRequest',
          `Invalid request '${it.id}': method and url are required.`,
        );
      // "If a body is included with the request, the headers object must contain a value
      // for Content-Type" (https://learn.microsoft.com/graph/json-batching#request-format)
      const hasType = Object.keys(it.headers ?? {}).some((k) => k.toLowerCase() === 'content-type');
      if (it.body !== undefined && it.body !== null && !hasType)
        throw new GraphError(
          400,
          'BadRequest',
          `Write request id : ${it.id} does not contain Content-Type header or body.`,
        );
      ids.add(it.id);
    }
    for (const it of items) {
      const deps = depsOf(it);
      for (const d of deps)
        if (!ids.has(d))
          throw new GraphError(
            400,
            'BadRequest',
            `Request '${String(it.id)}' depends on unknown request '${d}'.`,
          );
    }
    const results = new Map<string, Record<string, unknown>>();
    const pending = [...items];
    while (pending.length) {
      const round = pending.filter((it) => depsOf(it).every((d) => results.has(d)));
      if (!round.length)
        throw new GraphError(400, 'BadRequest', 'The dependsOn graph of the batch has a cycle.');
      for (const it of round) pending.splice(pending.indexOf(it), 1);
      const outs = await Promise.all(
        round.map(async (it) => {
          const id = String(it.id);
          const failedDep = depsOf(it).find((d) => Number(results.get(d)?.status ?? 0) >= 400);
          const sub = subRequest(req, it, version);
          if (failedDep !== undefined) {
            // the standard error shape (innerError with date and request-id), as any error
            const err = new GraphError(
              424,
              'FailedDependency',
              `Dependency '${failedDep}' failed.`,
            );
            return [id, toBatchResponse(id, sim.errorResult(err, sub, randomUUID()))] as const;
          }
          const res = await sim.handleGraph(sub, { origin, batch: seq, auth });
          return [id, toBatchResponse(id, res)] as const;
        }),
      );
      for (const [id, r] of outs) results.set(id, r);
    }
    return { status: 200, json: { responses: items.map((it) => results.get(String(it.id))) } };
  } catch (e) {
    return sim.errorResult(e, req, requestId);
  }
}

function depsOf(it: BatchItem): string[] {
  return Array.isArray(it.dependsOn) ? it.dependsOn.map(String) : [];
}

function subRequest(parent: SimRequest, it: BatchItem, version: string): SimRequest {
  let url = String(it.url);
  url = url.replace(/^https?:\/\/[^/]+\/(v1\.0|beta)/i, '');
  if (!url.startsWith('/')) url = '/' + url;
  const qi = url.indexOf('?');
  const path = `/${version}${qi >= 0 ? url.slice(0, qi) : url}`;
  const query = new URLSearchParams(qi >= 0 ? url.slice(qi + 1) : '');
  const headers = new Headers();
  const auth = parent.headers.get('authorization');
  if (auth) headers.set('authorization', auth);
  for (const [k, v] of Object.entries(it.headers ?? {})) headers.set(k, String(v));
  let body = Buffer.alloc(0);
  if (it.body !== undefined && it.body !== null) {
    const ct = (headers.get('content-type') ?? '').toLowerCase();
    if (typeof it.body === 'string')
      body = Buffer.from(it.body, ct.includes('json') ? 'utf8' : 'utf8');
    else body = Buffer.from(JSON.stringify(it.body), 'utf8');
  }
  return { method: String(it.method).toUpperCase(), path, query, headers, body };
}

function toBatchResponse(id: string, res: GraphResult): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (k.toLowerCase() === 'request-id' || k.toLowerCase() === 'client-request-id') continue;
    headers[k] = v;
  }
  const out: Record<string, unknown> = { id, status: res.status, headers };
  if (res.raw !== undefined) {
    headers['Content-Type'] = res.contentType ?? 'application/octet-stream';
    out.body = Buffer.from(res.raw).toString('base64');
  } else if (res.json !== undefined) {
    headers['Content-Type'] =
      'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
    out.body = res.json;
  }
  return out;
}
