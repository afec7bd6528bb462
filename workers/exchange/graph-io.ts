/** Small Graph helpers the Exchange readers share: preferences, delta pages, `$batch`, JSON. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { stableJson } from '../domain/stable-json.js';
import { followLink, pages, type GraphPage } from '../graph/client.js';
import { GraphApiError, parseRetryAfter, toGraphApiError } from '../graph/graph-error.js';
import { realSleep } from '../graph/sleep.js';
import { deltaError } from './errors.js';
import type { ReaderItem, ReaderPage } from './types.js';

/**
 * Immutable ids keep an item's id across moves, so a move is a move and not a delete and an
 * add. https://learn.microsoft.com/graph/outlook-immutable-id
 */
export const IMMUTABLE_ID = 'IdType="ImmutableId"';

/** Items per delta page: small enough for one Worker slice, large enough to save requests. */
export const DELTA_PAGE_SIZE = 50;

/**
 * Headers for an Outlook request; delta pages repeat `odata.maxpagesize` on every link.
 * https://learn.microsoft.com/graph/delta-query-messages#use-query-parameters-in-a-delta-query-for-messages
 */
export function outlookHeaders(pageSize?: number): Record<string, string> {
  return {
    Prefer: pageSize ? `${IMMUTABLE_ID}, odata.maxpagesize=${pageSize}` : IMMUTABLE_ID,
  };
}

export interface DeltaPage<T> {
  values: T[];
  next: string;
  done: boolean;
}

/** One page of a delta query: the initial request when `cursor` is null, else the link. */
export async function deltaPage<T>(
  client: Client,
  scope: string,
  initial: string,
  cursor: string | null,
  headers: Record<string, string>,
): Promise<DeltaPage<T>> {
  const request = cursor ? followLink(client, cursor) : client.api(initial);
  let page: GraphPage<T>;
  try {
    page = (await request.headers(headers).get()) as GraphPage<T>;
  } catch (e) {
    throw deltaError(scope, e);
  }
  const nextLink = page['@odata.nextLink'];
  const deltaLink = page['@odata.deltaLink'];
  const next = nextLink ?? deltaLink;
  if (!next) {
    throw new GraphApiError({
      status: 0,
      code: 'MissingDeltaLink',
      message: `Delta page of ${scope} has neither nextLink nor deltaLink`,
      retryable: true,
    });
  }
  return { values: page.value, next, done: !nextLink };
}

/** A delta page as reader output: entries marked `@removed` are removals, the rest items. */
export function readerPage<T extends { id: string; '@removed'?: unknown }>(
  page: DeltaPage<T>,
  toItem: (value: T) => ReaderItem,
): ReaderPage {
  const items: ReaderItem[] = [];
  const removed: string[] = [];
  for (const v of page.values) {
    if (v['@removed'] !== undefined) removed.push(v.id);
    else items.push(toItem(v));
  }
  return { items, removed, next: page.next, done: page.done };
}

/** Every item of a plain collection (folder lists), all pages, with Outlook's headers. */
export async function listAll<T>(
  client: Client,
  first: string,
  headers: Record<string, string> = outlookHeaders(),
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages<T>(client, first, headers)) out.push(...page.value);
  return out;
}

export interface BatchGet {
  id: string;
  /** Relative to the version: `/users/{id}/…` */
  url: string;
  headers?: Record<string, string>;
}

export interface BatchAnswer {
  status: number;
  body: unknown;
}

/**
 * Outlook runs a batch's sub-requests to one mailbox in parallel and throttles all but 4 of
 * them (https://learn.microsoft.com/graph/throttling#throttling-and-batching), so a mailbox's
 * batch carries at most 4. Throttled or unavailable sub-requests are sent again after their
 * Retry-After; other statuses are the caller's to judge.
 */
export const MAILBOX_BATCH_SIZE = 4;
const BATCH_ROUNDS = 6;

export async function batchGet(
  client: Client,
  requests: BatchGet[],
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<Map<string, BatchAnswer>> {
  const answers = new Map<string, BatchAnswer>();
  let pending = requests;
  for (let round = 0; pending.length > 0; round++) {
    const retry: BatchGet[] = [];
    let waitMs = 0;
    for (let i = 0; i < pending.length; i += MAILBOX_BATCH_SIZE) {
      const chunk = pending.slice(i, i + MAILBOX_BATCH_SIZE);
      const body = {
        requests: chunk.map((r) => ({ id: r.id, method: 'GET', url: r.url, headers: r.headers })),
      };
      let res: { responses?: SubResponse[] };
      try {
        res = (await client.api('/$batch').post(body)) as { responses?: SubResponse[] };
      } catch (e) {
        throw toGraphApiError(e);
      }
      for (const r of res.responses ?? []) {
        const req = chunk.find((c) => c.id === r.id);
        if (!req) continue;
        if ((r.status === 429 || r.status === 503) && round < BATCH_ROUNDS - 1) {
          retry.push(req);
          const after = parseRetryAfter(header(r.headers, 'retry-after') ?? null);
          waitMs = Math.max(waitMs, (after ?? 2 ** round) * 1000);
        } else {
          answers.set(r.id, { status: r.status, body: r.body });
        }
      }
    }
    pending = retry;
    if (pending.length > 0) await sleep(waitMs);
  }
  return answers;
}

interface SubResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function header(h: Record<string, string> | undefined, name: string): string | undefined {
  return Object.entries(h ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** A failed sub-response as an error, classified like a direct answer. */
export function subResponseError(answer: BatchAnswer): GraphApiError {
  const err = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new GraphApiError({
    status: answer.status,
    code: err?.code ?? `Http${answer.status}`,
    message: err?.message ?? `HTTP ${answer.status}`,
  });
}

/**
 * Graph's item JSON without the OData annotations that vary per request (context, etag), keys
 * sorted, so the same item always gives the same bytes.
 */
export function itemJson(item: Record<string, unknown>): Uint8Array {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!k.startsWith('@odata.')) copy[k] = v;
  return new TextEncoder().encode(stableJson(copy));
}

export function enc(id: string): string {
  return encodeURIComponent(id);
}
