/**
 * Puts every attempt that reaches the network through a MailboxGovernor. It sits inside the
 * retry middleware, so retries are governed and counted too. A `$batch` costs its number of
 * sub-requests, because Outlook counts each one against the mailbox's limits
 * (https://learn.microsoft.com/graph/throttling#throttling-and-batching); throttled
 * sub-responses slow the governor down like a throttled request does.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { parseRetryAfter } from '../graph-error.js';
import type { MailboxGovernor } from '../governor.js';
import { requestMethod, requestUrl } from './context.js';

export class GovernorMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly governor: MailboxGovernor) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const batch = isBatch(context);
    const cost = batch ? batchSize(context) : 1;
    await this.governor.run(() => this.next?.execute(context) ?? Promise.resolve(), cost);
    const res = context.response;
    if (!res) return;
    if (res.status === 429 || (res.status === 503 && res.headers.has('Retry-After'))) {
      this.governor.throttled(retryAfterMs(res.headers.get('Retry-After')));
    } else if (res.ok && batch) {
      await this.observeBatch(res);
    } else if (res.ok) {
      this.governor.succeeded();
    }
  }

  private async observeBatch(res: Response): Promise<void> {
    let body: { responses?: Array<{ status?: number; headers?: Record<string, string> }> };
    try {
      body = (await res.clone().json()) as typeof body;
    } catch {
      return;
    }
    let throttledMs: number | undefined;
    let throttled = false;
    for (const r of body.responses ?? []) {
      if (r.status !== 429) continue;
      throttled = true;
      const h = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after');
      const ms = retryAfterMs(h?.[1] ?? null);
      if (ms !== undefined) throttledMs = Math.max(throttledMs ?? 0, ms);
    }
    if (throttled) this.governor.throttled(throttledMs);
    else this.governor.succeeded();
  }
}

function retryAfterMs(value: string | null): number | undefined {
  const s = parseRetryAfter(value);
  return s === undefined ? undefined : s * 1000;
}

function isBatch(context: Context): boolean {
  return (
    requestMethod(context) === 'POST' && /\/\$batch$/.test(new URL(requestUrl(context)).pathname)
  );
}

function batchSize(context: Context): number {
  const body: unknown = context.options?.body;
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as {
      requests?: unknown[];
    };
    return Math.max(1, parsed?.requests?.length ?? 1);
  } catch {
    return 1;
  }
}
