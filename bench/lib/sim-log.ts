/**
 * The simulated tenant's request log (`/_sim/requests`), read over HTTP and summarised per
 * mailbox: how many requests the Outlook limit counted, over how long, how many 429s, and
 * which of them were delta calls (per scope: one folder of one sub-service).
 */

import type { LogEntry } from '../../test/m365-sim/faults.ts';

/** One request as the simulator logged it (its own type, read back as JSON). */
export type SimLogEntry = LogEntry;

/** The log entries after `since` (every one, however many). */
export async function readSimLog(
  simUrl: string,
  since = 0,
): Promise<{ last: number; entries: SimLogEntry[] }> {
  const res = await fetch(`${simUrl}/_sim/requests?since=${since}`);
  if (!res.ok) throw new Error(`/_sim/requests answered ${res.status}`);
  return (await res.json()) as { last: number; entries: SimLogEntry[] };
}

/** The last sequence number the log handed out (a marker for "from here on"). */
export async function simLogMark(simUrl: string): Promise<number> {
  const res = await fetch(`${simUrl}/_sim/requests?since=${Number.MAX_SAFE_INTEGER}`);
  if (!res.ok) throw new Error(`/_sim/requests answered ${res.status}`);
  return ((await res.json()) as { last: number }).last;
}

/** Throttling off and on again: every window is emptied (a fresh start for the next phase). */
export async function resetSimWindows(simUrl: string): Promise<void> {
  for (const enabled of [false, true]) {
    const res = await fetch(`${simUrl}/_sim/throttling`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled }),
    });
    if (!res.ok) throw new Error(`/_sim/throttling answered ${res.status}`);
  }
}

export interface MailboxTraffic {
  mailbox: string;
  /** Requests the Outlook window counted (not refused). */
  requests: number;
  throttled: number;
  firstMs: number;
  lastMs: number;
  /** Delta requests by scope (the delta resource path, without query). */
  deltaByScope: Map<string, number>;
}

/** The resource a delta request reads, so its pages and later rounds group together. */
export function deltaScope(url: string): string | undefined {
  // `…/delta`, `…/delta()` (a deltaLink may carry the function-call form) and
  // `…/microsoft.graph.delta` name the same function
  const path = (url.split('?')[0] ?? '')
    .toLowerCase()
    .replace(/\(\)$/, '')
    .replace(/\/microsoft\.graph\.delta$/, '/delta');
  if (!path.endsWith('/delta')) return undefined;
  return path.replace(/^\/(v1\.0|beta)/, '');
}

/** Per mailbox (the simulator's mailbox key, i.e. the user id) traffic of these entries. */
export function trafficByMailbox(entries: SimLogEntry[]): Map<string, MailboxTraffic> {
  const out = new Map<string, MailboxTraffic>();
  for (const e of entries) {
    if (!e.mailbox) continue;
    const t = Date.parse(e.at);
    let m = out.get(e.mailbox);
    if (!m) {
      m = {
        mailbox: e.mailbox,
        requests: 0,
        throttled: 0,
        firstMs: t,
        lastMs: t,
        deltaByScope: new Map(),
      };
      out.set(e.mailbox, m);
    }
    m.firstMs = Math.min(m.firstMs, t);
    m.lastMs = Math.max(m.lastMs, t);
    if (e.throttled || e.status === 429) {
      m.throttled++;
      continue;
    }
    m.requests++;
    const scope = deltaScope(e.url);
    if (scope) m.deltaByScope.set(scope, (m.deltaByScope.get(scope) ?? 0) + 1);
  }
  return out;
}

/**
 * Achieved request rate of a mailbox (requests per second while it was being backed up: from
 * its first to its last request) ÷ the allowed rate.
 */
export function rateRatio(m: MailboxTraffic, allowedPerSecond: number): number {
  const spanS = (m.lastMs - m.firstMs) / 1000;
  if (m.requests < 2 || spanS <= 0) return Number.NaN;
  return (m.requests - 1) / spanS / allowedPerSecond;
}
