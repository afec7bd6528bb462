/** A sub-service's outcome for a run, built from what the catalog committed for it. */
import type { RunSummary } from '../catalog/types';
import type { SubServiceOutcome } from './types';

/** Failed items kept on the outcome (the catalog keeps them all for the run). */
const FAILED_ITEMS_SHOWN = 50;

export function outcomeFromSummary(
  summary: RunSummary,
  override?: { outcome: SubServiceOutcome['outcome']; reason: string },
): SubServiceOutcome {
  const partial = summary.failures.length > 0;
  return {
    items: summary.items,
    added: summary.added,
    changed: summary.changed,
    deleted: summary.deleted,
    bytes: summary.bytes,
    storedBytes: summary.storedBytes,
    outcome: override?.outcome ?? (partial ? 'partial' : 'succeeded'),
    ...(override
      ? { reason: override.reason }
      : partial
        ? { reason: `${summary.failures.length} item(s) could not be backed up` }
        : {}),
    ...(summary.failures.length > 0
      ? { failedItems: summary.failures.slice(0, FAILED_ITEMS_SHOWN) }
      : {}),
  };
}

/** Nothing could be backed up for this sub-service in this run, and why. */
export function failedOutcome(reason: string): SubServiceOutcome {
  return {
    items: 0,
    added: 0,
    changed: 0,
    deleted: 0,
    bytes: 0,
    storedBytes: 0,
    outcome: 'failed',
    reason,
  };
}
