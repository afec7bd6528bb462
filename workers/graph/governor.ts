/**
 * Quota governor for one mailbox (C6). Outlook allows an app 4 concurrent requests and
 * 10,000 requests per 10-minute sliding window per mailbox; the 5th concurrent request and
 * the 10,001st in the window earn a 429.
 * https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits
 *
 * We schedule against those limits instead of reacting to them:
 * - a semaphore of `concurrency` slots (a `$batch` holds one slot per sub-request, up to all
 *   of them, because Graph runs a batch's independent sub-requests in parallel);
 * - a token bucket refilled at `target × requests / windowMs` with a burst of
 *   `(1 − target) × requests`. Any window of `windowMs` then sees at most
 *   burst + target × requests = requests, whatever the timing, so a governed client
 *   never trips the window limit by itself;
 * - a 429 (ours or another client's fault: other apps share nothing, but other workers of
 *   ours may run on the same mailbox) pauses every caller for `Retry-After` and halves the
 *   refill rate; successes win the rate back slowly (AIMD).
 *
 * The state is a small JSON object: a slice of work persists `snapshot()` and the next slice
 * (another Worker invocation) continues the same budget with `new MailboxGovernor(opts, snap)`.
 */
import { realSleep } from './sleep.js';

export interface GovernorOptions {
  /** Requests allowed per window (Outlook: 10,000). */
  requests?: number;
  /** Window length in ms (Outlook: 600,000). */
  windowMs?: number;
  /** Concurrent requests allowed (Outlook: 4). */
  concurrency?: number;
  /** Share of the window limit we aim at (default 0.95). */
  target?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GovernorSnapshot {
  v: 1;
  /** Tokens in the bucket at `at`. */
  tokens: number;
  /** Clock time (ms) of `tokens`. */
  at: number;
  /** Nothing is sent before this time (a server's Retry-After). */
  pausedUntil: number;
  /** Multiplier of the refill rate, 1 = full speed; lowered by 429s. */
  factor: number;
}

const MIN_FACTOR = 1 / 4;
/** Successes needed to win back the whole rate after a halving (additive increase). */
const RECOVERY_STEPS = 200;

export class MailboxGovernor {
  readonly concurrency: number;
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private tokens: number;
  private at: number;
  private pausedUntil: number;
  private factor: number;
  private active = 0;
  /** FIFO of callers waiting for slots, so a batch is not starved by single requests. */
  private readonly queue: Array<{ slots: number; wake: () => void }> = [];
  /** Serialises the rate wait, so tokens are handed out in arrival order. */
  private rateChain: Promise<void> = Promise.resolve();

  constructor(opts: GovernorOptions = {}, snapshot?: unknown) {
    const requests = opts.requests ?? 10_000;
    const windowMs = opts.windowMs ?? 600_000;
    const target = Math.min(1, Math.max(0.1, opts.target ?? 0.95));
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.ratePerMs = (target * requests) / windowMs;
    this.burst = Math.max(1, Math.floor((1 - target) * requests));
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    const snap = parseSnapshot(snapshot);
    const t = this.now();
    this.tokens = snap ? Math.min(this.burst, snap.tokens) : this.burst;
    this.at = snap ? Math.min(snap.at, t) : t;
    this.pausedUntil = snap?.pausedUntil ?? 0;
    this.factor = snap?.factor ?? 1;
  }

  /** Runs `fn` once a concurrency slot and `cost` requests of rate budget are free. */
  async run<T>(fn: () => Promise<T>, cost = 1): Promise<T> {
    const slots = Math.min(this.concurrency, Math.max(1, Math.ceil(cost)));
    await this.acquire(slots);
    try {
      await this.takeBudget(Math.max(1, cost));
      return await fn();
    } finally {
      this.release(slots);
    }
  }

  /**
   * A 429 (or 503 with Retry-After): pause everyone and halve the refill rate. The burst is
   * kept: emptying it too would turn an injected or transient 429 into minutes of crawling.
   */
  throttled(retryAfterMs?: number): void {
    const t = this.now();
    this.refill(t);
    this.factor = Math.max(MIN_FACTOR, this.factor / 2);
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, t + retryAfterMs);
  }

  /** A request went through: win back a little of the rate after a 429. */
  succeeded(): void {
    if (this.factor < 1) this.factor = Math.min(1, this.factor + 1 / RECOVERY_STEPS);
  }

  snapshot(): GovernorSnapshot {
    this.refill(this.now());
    return {
      v: 1,
      tokens: this.tokens,
      at: this.at,
      pausedUntil: this.pausedUntil,
      factor: this.factor,
    };
  }

  /** Requests in flight now (for tests and progress). */
  get inFlight(): number {
    return this.active;
  }

  private refill(t: number): void {
    if (t > this.at) {
      this.tokens = Math.min(
        this.burst,
        this.tokens + (t - this.at) * this.ratePerMs * this.factor,
      );
      this.at = t;
    }
  }

  private takeBudget(cost: number): Promise<void> {
    const turn = this.rateChain.then(async () => {
      for (;;) {
        const t = this.now();
        if (t < this.pausedUntil) {
          await this.sleep(this.pausedUntil - t);
          continue;
        }
        this.refill(t);
        // a batch larger than the burst may borrow: it waits until the bucket is full
        const need = Math.min(cost, this.burst);
        if (this.tokens >= need) {
          this.tokens -= cost;
          return;
        }
        await this.sleep(Math.ceil((need - this.tokens) / (this.ratePerMs * this.factor)));
      }
    });
    this.rateChain = turn.catch(() => undefined);
    return turn;
  }

  private acquire(slots: number): Promise<void> {
    if (this.queue.length === 0 && this.active + slots <= this.concurrency) {
      this.active += slots;
      return Promise.resolve();
    }
    return new Promise((wake) => this.queue.push({ slots, wake }));
  }

  private release(slots: number): void {
    this.active -= slots;
    while (this.queue.length > 0 && this.active + this.queue[0]!.slots <= this.concurrency) {
      const next = this.queue.shift()!;
      this.active += next.slots;
      next.wake();
    }
  }
}

function parseSnapshot(s: unknown): GovernorSnapshot | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  const o = s as Partial<GovernorSnapshot>;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (o.v !== 1 || !num(o.tokens) || !num(o.at) || !num(o.pausedUntil) || !num(o.factor)) {
    return undefined;
  }
  return { ...o, factor: Math.min(1, Math.max(MIN_FACTOR, o.factor)) } as GovernorSnapshot;
}

/** Governor options from the Worker's configuration (strings in wrangler.toml). */
export function governorOptionsFromEnv(env: {
  GRAPH_MAILBOX_REQUESTS?: string;
  GRAPH_MAILBOX_WINDOW_MS?: string;
}): GovernorOptions {
  const int = (v: string | undefined, d: number) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : d;
  };
  return {
    requests: int(env.GRAPH_MAILBOX_REQUESTS, 10_000),
    windowMs: int(env.GRAPH_MAILBOX_WINDOW_MS, 600_000),
  };
}
