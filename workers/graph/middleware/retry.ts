/**
 * Retries throttled and transiently failed Graph requests.
 * - 429 and 503 prove the request was not processed: retried for any method.
 * - 504 and network errors leave it unknown: retried only for idempotent methods.
 * - `Retry-After` (seconds or HTTP date) is honoured exactly; without it, exponential backoff
 *   with jitter. A Retry-After longer than `maxRetryAfterMs` is not slept through: the
 *   response is handed back so the caller can reschedule instead of holding a Worker.
 * https://learn.microsoft.com/graph/throttling
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { parseRetryAfter } from '../graph-error.js';
import { realSleep } from '../sleep.js';
import { requestMethod, requestUrl } from './context.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 6). */
  maxRetries?: number;
  /** First backoff step when the server gives no Retry-After (default 1,000 ms). */
  baseDelayMs?: number;
  /** Cap of one backoff step (default 30,000 ms). */
  maxDelayMs?: number;
  /** Longest Retry-After we wait for in-process (default 60,000 ms). */
  maxRetryAfterMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait. */
  onRetry?: (info: { attempt: number; status: number; delayMs: number; url: string }) => void;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const NOT_PROCESSED = new Set([429, 503]);
const UNKNOWN_OUTCOME = new Set([504]);

export class RetryMiddleware implements Middleware {
  private next: Middleware | undefined;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: RetryOptions = {}) {
    this.maxRetries = opts.maxRetries ?? 6;
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const idempotent = IDEMPOTENT.has(requestMethod(context));
    // a streamed body cannot be sent twice
    const replayable = !(context.options?.body instanceof ReadableStream);
    for (let attempt = 0; ; attempt++) {
      const canRetry = replayable && attempt < this.maxRetries;
      try {
        await this.next?.execute(context);
      } catch (e) {
        if (!canRetry || !idempotent || !isNetworkError(e)) throw e;
        await this.wait(context, attempt, 0, this.backoff(attempt));
        continue;
      }
      const res = context.response;
      if (!res) return;
      const status = res.status;
      const retry = NOT_PROCESSED.has(status) || (idempotent && UNKNOWN_OUTCOME.has(status));
      if (!canRetry || !retry) return;
      const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
      const delayMs = retryAfter === undefined ? this.backoff(attempt) : retryAfter * 1000;
      if (delayMs > this.maxRetryAfterMs) return;
      await res.body?.cancel();
      await this.wait(context, attempt, status, delayMs);
    }
  }

  private backoff(attempt: number): number {
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    return Math.round(step / 2 + this.random() * (step / 2)); // "equal jitter"
  }

  private async wait(context: Context, attempt: number, status: number, delayMs: number) {
    this.opts.onRetry?.({ attempt: attempt + 1, status, delayMs, url: requestUrl(context) });
    await this.sleep(delayMs);
  }
}

/** fetch rejects with a TypeError when no HTTP answer came back. */
function isNetworkError(e: unknown): boolean {
  return e instanceof TypeError;
}
