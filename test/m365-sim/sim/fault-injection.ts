/** Applying an injected fault to a request: delay, vanish or an error status. */
import type { FaultRule } from '../faults.ts';
import { GraphError, type Ctx, type Route } from '../graph/http.ts';

export async function applyFault(f: FaultRule, ctx: Ctx, route: Route): Promise<void> {
  if (f.kind === 'delay') await new Promise((r) => setTimeout(r, f.delayMs ?? 1000));
  if (f.kind === 'vanish') {
    ctx.vanish = true;
    route.vanish?.(ctx);
  }
  if (f.kind === 'status') {
    const status = f.status ?? 503;
    const headers: Record<string, string> = {};
    if (status === 429 || status === 503) headers['Retry-After'] = String(f.retryAfter ?? 1);
    const code =
      f.code ??
      (status === 429
        ? 'TooManyRequests'
        : status === 503
          ? 'serviceNotAvailable'
          : status === 504
            ? 'UnknownError'
            : 'generalException');
    const msg =
      status === 429
        ? 'Too many requests, please retry later.'
        : status === 503
          ? 'The service is temporarily unavailable. Please retry later.'
          : status === 504
            ? 'The gateway timed out.'
            : 'Injected fault.';
    throw new GraphError(status, code, msg, headers);
  }
}
