/** Admitting a request under its throttling class, or refusing it with a 429. */
import { GraphError, type SimRequest, type ThrottleClass } from '../graph/http.ts';
import { retryAfterSeconds, type Throttle } from '../throttle.ts';

/**
 * Takes a mailbox concurrency slot (returning its release) or charges SharePoint/Teams units;
 * throws 429 with Retry-After when a limit is exceeded, noting which one in `notes`.
 */
export function admitRequest(
  throttle: Throttle,
  tc: ThrottleClass,
  req: SimRequest,
  appId: string,
  notes: { throttled: boolean; limit: string | undefined; mailbox: string | undefined },
): (() => void) | undefined {
  if (!tc) return undefined;
  if (tc.kind === 'mailbox') {
    notes.mailbox = tc.key;
    const upload = ['POST', 'PUT', 'PATCH'].includes(req.method.toUpperCase())
      ? req.body.length
      : 0;
    const r = throttle.acquireMailbox(appId, tc.key, upload);
    if ('release' in r) return r.release;
    notes.throttled = true;
    notes.limit = r.limit;
    throw new GraphError(429, r.code, r.message, {
      'Retry-After': String(retryAfterSeconds(r.retryAfterMs)),
    });
  }
  const d =
    tc.kind === 'sharepoint'
      ? throttle.chargeSharePoint(appId, tc.units)
      : throttle.chargeTeams(appId, tc.bucket, tc.scope);
  if (d) {
    notes.throttled = true;
    notes.limit = d.limit;
    throw new GraphError(
      429,
      d.code,
      d.message,
      { 'Retry-After': String(retryAfterSeconds(d.retryAfterMs)) },
      tc.kind === 'sharepoint' ? 'throttledRequest' : undefined,
    );
  }
  return undefined;
}
