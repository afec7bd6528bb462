import { inArray, sql } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema';
import { AppError } from '../../errors';
import type { Deps } from '../deps';

/**
 * Fixed-window failure counters for password checks. Two buckets per attempt:
 * - per account (keyed by the submitted email, existing or not, so a 429 reveals nothing):
 *   stops guessing one account's password from many IPs;
 * - per client IP: stops spraying one password over many accounts.
 * A locked bucket answers 429 before the password is checked, even a correct one.
 */

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
/** Password-reset emails per address per window: enough for typos, too few to spam. */
export const MAX_RESET_EMAILS_PER_ADDRESS = 3;

interface Bucket {
  key: string;
  limit: number;
}

export const emailBucket = (email: string): Bucket => ({
  key: `email:${email}`,
  limit: MAX_FAILURES_PER_EMAIL,
});
export const ipBucket = (ip: string): Bucket => ({ key: `ip:${ip}`, limit: MAX_FAILURES_PER_IP });
export const resetBucket = (email: string): Bucket => ({
  key: `reset:${email}`,
  limit: MAX_RESET_EMAILS_PER_ADDRESS,
});

/** Seconds until the most restrictive full bucket reopens, or null if none is full. */
export async function lockedFor(deps: Deps, buckets: Bucket[]): Promise<number | null> {
  const now = Date.now();
  const rows = await deps.db
    .select()
    .from(loginThrottle)
    .where(
      inArray(
        loginThrottle.key,
        buckets.map((b) => b.key),
      ),
    );
  let retryAfterMs = 0;
  for (const row of rows) {
    const limit = buckets.find((b) => b.key === row.key)?.limit ?? Infinity;
    const reopensAt = row.windowStartedAt.getTime() + THROTTLE_WINDOW_MS;
    if (row.failures >= limit && reopensAt > now) {
      retryAfterMs = Math.max(retryAfterMs, reopensAt - now);
    }
  }
  return retryAfterMs > 0 ? Math.ceil(retryAfterMs / 1000) : null;
}

export async function assertNotThrottled(deps: Deps, buckets: Bucket[]): Promise<void> {
  const retryAfter = await lockedFor(deps, buckets);
  if (retryAfter !== null) throw new AppError('too_many_attempts', undefined, { retryAfter });
}

/** Counts one failure in each bucket; a bucket whose window has passed starts over at 1. */
export async function recordFailure(deps: Deps, buckets: Bucket[]): Promise<void> {
  const now = Date.now();
  const expired = sql`${loginThrottle.windowStartedAt} <= ${now - THROTTLE_WINDOW_MS}`;
  const statements = buckets.map((b) =>
    deps.db
      .insert(loginThrottle)
      .values({ key: b.key, windowStartedAt: new Date(now), failures: 1 })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        // SQLite evaluates both expressions against the old row, so they agree.
        set: {
          failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${expired} THEN ${now} ELSE ${loginThrottle.windowStartedAt} END`,
        },
      }),
  );
  const [first, ...rest] = statements;
  if (first) await deps.db.batch([first, ...rest]);
}

export async function clearBucket(deps: Deps, bucket: Bucket): Promise<void> {
  await deps.db.delete(loginThrottle).where(inArray(loginThrottle.key, [bucket.key]));
}
