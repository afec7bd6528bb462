/**
 * Typed failures the backup consumer acts on (C6): a lost delta sync state resets the scope,
 * an item gone between listing and fetching is recorded as deleted, not as a failure.
 */
import type { GraphApiError } from '../graph/graph-error.js';
import { toGraphApiError } from '../graph/graph-error.js';

/**
 * The delta token is no longer valid (410 Gone, `syncStateNotFound`, `resyncRequired`): the
 * caller resets the scope and enumerates again from a null cursor.
 * https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset
 */
export class DeltaResetError extends Error {
  constructor(
    readonly scope: string,
    override readonly cause: GraphApiError,
  ) {
    super(`Delta sync state lost for ${scope} (${cause.code}); enumerate again`);
    this.name = 'DeltaResetError';
  }
}

/** The item was deleted after the delta page listed it (404 on its content). */
export class ItemGoneError extends Error {
  constructor(
    readonly graphId: string,
    override readonly cause: GraphApiError,
  ) {
    super(`Item ${graphId} is gone (${cause.code})`);
    this.name = 'ItemGoneError';
  }
}

const RESET_CODES = new Set(['syncStateNotFound', 'resyncRequired', 'SyncStateNotFound']);

export function isDeltaReset(e: GraphApiError): boolean {
  return e.status === 410 || RESET_CODES.has(e.code);
}

/** Normalises a Graph failure of a delta request: reset → DeltaResetError, else GraphApiError. */
export function deltaError(scope: string, e: unknown): Error {
  const g = toGraphApiError(e);
  return isDeltaReset(g) ? new DeltaResetError(scope, g) : g;
}
