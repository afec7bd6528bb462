/**
 * When a task's next scheduled backup is due (B2). Pure so it is unit-tested for every
 * frequency and hour. All times are UTC: the portal shows the backup hour in UTC.
 *
 * - daily: every day at `hour`:00.
 * - three_times_daily: at `hour`, `hour`+8 and `hour`+16 (mod 24) — evenly spread.
 * - every_3_days / weekly: at `hour`:00 on every 3rd / 7th day counted from the task's
 *   anchor day (the UTC day it was created), so the cadence does not drift when a run is
 *   late or the settings are saved again.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The task frequencies of B2 (the same values as `BACKUP_FREQUENCIES` in the D1 schema). */
export type ScheduleFrequency = 'daily' | 'every_3_days' | 'weekly' | 'three_times_daily';

export interface ScheduleSpec {
  frequency: ScheduleFrequency;
  /** 0–23, UTC */
  hour: number;
  /** Epoch day (floor(ms / day)) the multi-day cadences count from. */
  anchorDay: number;
}

export function epochDay(ms: number): number {
  return Math.floor(ms / DAY);
}

/** The first due time strictly after `after` (epoch ms). */
export function nextDueAfter(spec: ScheduleSpec, after: number): number {
  const hour = ((Math.trunc(spec.hour) % 24) + 24) % 24;
  const day = epochDay(after);
  switch (spec.frequency) {
    case 'daily':
      return firstAfter(after, day, 1, [hour], day);
    case 'three_times_daily':
      return firstAfter(
        after,
        day,
        1,
        [hour, (hour + 8) % 24, (hour + 16) % 24].sort((a, b) => a - b),
        day,
      );
    case 'every_3_days':
      return firstAfter(after, day, 3, [hour], spec.anchorDay);
    case 'weekly':
      return firstAfter(after, day, 7, [hour], spec.anchorDay);
  }
}

/** Earliest `hours` slot on a day ≡ anchor (mod period), from `fromDay` on, after `after`. */
function firstAfter(
  after: number,
  fromDay: number,
  period: number,
  hours: number[],
  anchorDay: number,
): number {
  const offset = (((fromDay - anchorDay) % period) + period) % period;
  let day = offset === 0 ? fromDay : fromDay + (period - offset);
  for (;;) {
    for (const h of hours) {
      const at = day * DAY + h * HOUR;
      if (at > after) return at;
    }
    day += period;
  }
}
