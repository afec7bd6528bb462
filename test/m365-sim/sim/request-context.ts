/** The per-request context handed to route handlers (body, paging preferences, ids). */
import { GraphError, type Ctx, type Route, type SimRequest } from '../graph/http.ts';
import type { Sim } from '../sim.ts';
import type { AuthInfo } from './tokens.ts';

export function makeCtx(
  sim: Sim,
  req: SimRequest,
  route: Route,
  params: Record<string, string>,
  version: 'v1.0' | 'beta',
  auth: AuthInfo,
  origin: string,
  path: string,
  inBatch: boolean,
): Ctx {
  const prefer = (req.headers.get('prefer') ?? '').toLowerCase();
  const applied: string[] = [];
  const immutable = /idtype\s*=\s*"?immutableid"?/i.test(prefer);
  if (immutable) applied.push('IdType="ImmutableId"');
  let bodyCache: unknown;
  return {
    sim,
    req,
    params,
    template: route.template,
    version,
    appId: auth.appId,
    origin,
    immutableIds: immutable,
    vanish: false,
    inBatch,
    path,
    applied,
    json<T>(): T {
      if (bodyCache === undefined) {
        try {
          bodyCache = req.body.length ? JSON.parse(req.body.toString('utf8')) : {};
        } catch {
          throw new GraphError(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          );
        }
      }
      return bodyCache as T;
    },
    pageSize(def: number, max: number): number {
      const m = /odata\.maxpagesize\s*=\s*(\d+)/.exec(prefer);
      const top = req.query.get('$top');
      if (top !== null) {
        const n = Number(top);
        if (!Number.isInteger(n) || n < 0)
          throw new GraphError(
            400,
            'BadRequest',
            `Invalid value '${top}' for $top query option found.`,
          );
        return Math.min(Math.max(n, 1), max);
      }
      if (m) {
        const n = Math.min(Math.max(Number(m[1]), 1), max);
        applied.push(`odata.maxpagesize=${n}`);
        return n;
      }
      return def;
    },
  };
}
