// Days and tag counts for the backup screens (plain values, not reactive state).
import type { DailyCount, Entity } from '../api/backup-types';

export const MAX_DAYS = 30;

/** The last `n` UTC days ending today, oldest first, with zeros where nothing was backed up. */
export function fillDays(days: DailyCount[], n = MAX_DAYS, now = new Date()): DailyCount[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out: DailyCount[] = [];
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = n - 1; i >= 0; i -= 1) {
    const day = new Date(end - i * 86_400_000).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, total: 0, bySubService: {} });
  }
  return out;
}

/** How many of `entities` carry each tag. */
export function tagCounts(entities: Entity[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entities) for (const t of e.tags) m.set(t.id, (m.get(t.id) ?? 0) + 1);
  return m;
}
