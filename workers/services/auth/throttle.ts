import { eq, sql } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema';
import type { Deps } from '../deps';

/**
 * Fixed-window attempt counters (15 minutes) for everything an attacker could repeat:
 * password checks, reset mails, sign-ups. Two buckets per password check:
 * - per account (keyed by the submitted email, existing or not, so a 429 reveals nothing):
 *   stops guessing one account's password from many IPs;
 * - per client IP: stops spraying one password over many accounts.
 *
 * An attempt is **counted before any work is done**, atomically for all its buckets (one D1
 * batch of `INSERT … ON CONFLICT DO UPDATE … RETURNING`), and refused with 429 when a
 * bucket goes over its limit. Checking first and counting afterwards would let parallel
 * requests all pass the check before any of them is counted. Callers hand back what a
 * success should not cost (`clearBucket`, `refundAttempt`), so the counters measure
 * failures in effect, while requests in flight already hold their slot.
 */

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
/** Password-reset emails per address per window: enough for typos, too few to spam. */
export const MAX_RESET_EMAILS_PER_ADDRESS = 3;
/** Sign-up mails (activation or "already registered") per address per window. */
export const MAX_SIGNUP_EMAILS_PER_ADDRESS = 3;
/** Sign-ups per client IP per window: an office signs up once, a spammer many times. */
export const MAX_SIGNUPS_PER_IP = 20;

export interface Bucket {
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
export const signupEmailBucket = (email: string): Bucket => ({
  key: `signup:${email}`,
  limit: MAX_SIGNUP_EMAILS_PER_ADDRESS,
});
export const signupIpBucket = (ip: string): Bucket => ({
  key: `signup-ip:${ip}`,
  limit: MAX_SIGNUPS_PER_IP,
});

export interface AttemptVerdict {
  /** The buckets this attempt took over their limit (empty: go ahead). */
  exceeded: Bucket[];
  /** Seconds until the latest of the exceeded buckets reopens; 0 when none is exceeded. */
  retryAfter: number;
}

/**
 * Counts one attempt in every bucket at once and says which went over the limit. A bucket
 * whose window has passed starts over at 1. Attempts beyond the limit keep being counted,
 * which does not extend the window (it is fixed at its first attempt).
 */
export async function countAttempt(deps: Deps, buckets: Bucket[]): Promise<AttemptVerdict> {
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
      })
      .returning({
        failures: loginThrottle.failures,
        windowStartedAt: loginThrottle.windowStartedAt,
      }),
  );
  const [first, ...rest] = statements;
  if (!first) return { exceeded: [], retryAfter: 0 };
  const results = await deps.db.batch([first, ...rest]);

  const exceeded: Bucket[] = [];
  let retryAfterMs = 0;
  buckets.forEach((bucket, i) => {
    const row = results[i]?.[0];
    if (!row || row.failures <= bucket.limit) return;
    exceeded.push(bucket);
    const reopensAt = row.windowStartedAt.getTime() + THROTTLE_WINDOW_MS;
    retryAfterMs = Math.max(retryAfterMs, reopensAt - now);
  });
  return {
    exceeded,
    retryAfter: exceeded.length > 0 ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 0,
  };
}

/** Forgets a bucket: after a success the address starts afresh. */
export async function clearBucket(deps: Deps, bucket: Bucket): Promise<void> {
  await deps.db.delete(loginThrottle).where(eq(loginThrottle.key, bucket.key));
}

/** One password check (sign-in, password change): counted per address and per client IP. */
export function countPasswordCheck(deps: Deps, email: string): Promise<AttemptVerdict> {
  return countAttempt(deps, [emailBucket(email), ipBucket(deps.request.ip)]);
}

/**
 * The right password was no guess, so its check gives back what it cost (one D1 batch): the
 * address starts afresh, and the client IP gets its attempt back — never below 0 — so many
 * people signing in correctly behind one address (an office NAT) never lock it.
 */
export async function forgivePasswordCheck(deps: Deps, email: string): Promise<void> {
  await deps.db.batch([
    deps.db.delete(loginThrottle).where(eq(loginThrottle.key, emailBucket(email).key)),
    deps.db
      .update(loginThrottle)
      .set({ failures: sql`max(${loginThrottle.failures} - 1, 0)` })
      .where(eq(loginThrottle.key, ipBucket(deps.request.ip).key)),
  ]);
}
