/**
 * Fault injection. A rule matches Graph requests (and file downloads) by method and a
 * regular expression over the path, and fires `count` times (or forever when count is
 * omitted). Kinds:
 *  - status: answer with an HTTP status (503/504 bursts, 429 storms with Retry-After);
 *  - delay: hold the request for `delayMs` before handling it (slow responses);
 *  - hold: hold matching requests until the rule is released (deterministic concurrency);
 *  - vanish: delete the addressed item just before handling the request (404, and a
 *    deletion in the next delta round);
 *  - cut: cut a download (drive content, or a message's MIME `$value`) after `afterBytes`
 *    bytes of the body.
 */
import { z } from 'zod';

export const FaultRuleInput = z.object({
  kind: z.enum(['status', 'delay', 'hold', 'vanish', 'cut']),
  method: z.string().optional(),
  path: z.string().optional(),
  count: z.number().int().positive().optional(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfter: z.number().int().min(0).optional(),
  code: z.string().optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  afterBytes: z.number().int().min(0).optional(),
  /** Also apply to requests inside $batch (default true). */
  inBatch: z.boolean().optional(),
});
export type FaultRuleInput = z.infer<typeof FaultRuleInput>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  fired: number;
  regex?: RegExp;
  waiters: (() => void)[];
  released: boolean;
  /** requests currently held by a hold rule */
  holding: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  private n = 0;

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      ...input,
      id: `f${++this.n}`,
      fired: 0,
      waiters: [],
      released: false,
      holding: 0,
      ...(input.path ? { regex: new RegExp(input.path, 'i') } : {}),
    };
    this.rules.push(rule);
    return rule;
  }

  list(): Omit<FaultRule, 'waiters' | 'regex'>[] {
    return this.rules.map((r) => {
      const { waiters: _w, regex: _r, ...rest } = r;
      return rest;
    });
  }

  get(id: string): FaultRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  remove(id: string): boolean {
    const r = this.get(id);
    if (!r) return false;
    this.release(r);
    this.rules = this.rules.filter((x) => x !== r);
    return true;
  }

  clear(): void {
    for (const r of this.rules) this.release(r);
    this.rules = [];
  }

  release(r: FaultRule): void {
    r.released = true;
    const w = r.waiters;
    r.waiters = [];
    for (const f of w) f();
  }

  /** Finds and consumes the first matching rule of one of the given kinds. */
  take(
    kinds: FaultRule['kind'][],
    method: string,
    path: string,
    inBatch: boolean,
  ): FaultRule | undefined {
    for (const r of this.rules) {
      if (!kinds.includes(r.kind)) continue;
      if (r.kind === 'hold' && r.released) continue;
      if (r.count !== undefined && r.fired >= r.count) continue;
      if (r.method && r.method.toUpperCase() !== method.toUpperCase()) continue;
      if (r.regex && !r.regex.test(path)) continue;
      if (inBatch && r.inBatch === false) continue;
      r.fired++;
      return r;
    }
    return undefined;
  }

  hold(r: FaultRule): Promise<void> {
    if (r.released) return Promise.resolve();
    r.holding++;
    return new Promise((resolve) =>
      r.waiters.push(() => {
        r.holding--;
        resolve();
      }),
    );
  }
}

export interface LogEntry {
  seq: number;
  at: string;
  method: string;
  url: string;
  status: number;
  throttled: boolean;
  limit?: string;
  fault?: string;
  batch?: number;
  mailbox?: string;
  appId?: string;
}

export class RequestLog {
  private entries: LogEntry[] = [];
  private seq = 0;
  constructor(private readonly cap = 200_000) {}
  add(e: Omit<LogEntry, 'seq' | 'at'>): LogEntry {
    const entry: LogEntry = { seq: ++this.seq, at: new Date().toISOString(), ...e };
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
    return entry;
  }
  since(seq: number): LogEntry[] {
    return this.entries.filter((e) => e.seq > seq);
  }
  get last(): number {
    return this.seq;
  }
  clear(): void {
    this.entries = [];
  }
  summary(): { total: number; throttled: number; byStatus: Record<string, number> } {
    const byStatus: Record<string, number> = {};
    let throttled = 0;
    for (const e of this.entries) {
      byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
      if (e.throttled) throttled++;
    }
    return { total: this.entries.length, throttled, byStatus };
  }
}
