import { describe, expect, it } from 'vitest';
import { epochDay, nextDueAfter, type ScheduleSpec } from '../../workers/coordinator/schedule.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const anchor = epochDay(at('2026-11-02T00:00:00Z')); // a Monday

function spec(frequency: ScheduleSpec['frequency'], hour: number): ScheduleSpec {
  return { frequency, hour, anchorDay: anchor };
}

describe('nextDueAfter', () => {
  it('daily: today at the hour when it is still ahead, otherwise tomorrow', () => {
    expect(iso(nextDueAfter(spec('daily', 5), at('2026-11-26T04:59:59Z')))).toBe(
      '2026-11-26T05:00:00.000Z',
    );
    expect(iso(nextDueAfter(spec('daily', 5), at('2026-11-26T05:00:00Z')))).toBe(
      '2026-11-27T05:00:00.000Z',
    );
    expect(iso(nextDueAfter(spec('daily', 0), at('2026-12-31T23:30:00Z')))).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('three times a day: every 8 hours from the hour, wrapping past midnight', () => {
    const s = spec('three_times_daily', 20); // 04:00, 12:00, 20:00
    const seen: string[] = [];
    let t = at('2026-11-26T00:00:00Z');
    for (let i = 0; i < 4; i++) {
      t = nextDueAfter(s, t);
      seen.push(iso(t));
    }
    expect(seen).toEqual([
      '2026-11-26T04:00:00.000Z',
      '2026-11-26T12:00:00.000Z',
      '2026-11-26T20:00:00.000Z',
      '2026-11-27T04:00:00.000Z',
    ]);
  });

  it('every 3 days: on days counted from the anchor, not from the last run', () => {
    const s = spec('every_3_days', 2);
    // Anchor Nov 2 → Nov 2, 5, 8 … 26, 29.
    expect(iso(nextDueAfter(s, at('2026-11-24T10:00:00Z')))).toBe('2026-11-26T02:00:00.000Z');
    expect(iso(nextDueAfter(s, at('2026-11-26T02:00:00Z')))).toBe('2026-11-29T02:00:00.000Z');
    // A late run does not shift the cadence.
    expect(iso(nextDueAfter(s, at('2026-11-27T09:00:00Z')))).toBe('2026-11-29T02:00:00.000Z');
  });

  it('weekly: the anchor weekday at the hour', () => {
    const s = spec('weekly', 23);
    expect(iso(nextDueAfter(s, at('2026-11-26T00:00:00Z')))).toBe('2026-11-30T23:00:00.000Z');
    expect(iso(nextDueAfter(s, at('2026-11-30T23:00:00Z')))).toBe('2026-12-07T23:00:00.000Z');
  });

  it('every hour of the day is honoured for every frequency', () => {
    for (const frequency of ['daily', 'three_times_daily', 'every_3_days', 'weekly'] as const) {
      for (let hour = 0; hour < 24; hour++) {
        const due = nextDueAfter(spec(frequency, hour), at('2026-11-26T12:34:56Z'));
        expect(due).toBeGreaterThan(at('2026-11-26T12:34:56Z'));
        const dueHour = new Date(due).getUTCHours();
        if (frequency === 'three_times_daily') expect((dueHour - hour + 24) % 8).toBe(0);
        else expect(dueHour).toBe(hour);
        expect(due % 3_600_000).toBe(0);
      }
    }
  });
});
