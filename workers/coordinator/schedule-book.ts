/**
 * Due times of every task of the account (and the daily housekeeping) in the coordinator's
 * SQLite. The Durable Object keeps one alarm armed at the earliest of them.
 */
import { nextDueAfter, type ScheduleSpec } from './schedule';
import { toSchedule, type ScheduleRow } from './state';

const MINUTE = 60_000;

export class ScheduleBook {
  constructor(private readonly sql: SqlStorage) {}

  upsert(taskId: string, spec: ScheduleSpec, now: number): number {
    const nextDue = nextDueAfter(spec, now);
    this.sql.exec(
      `INSERT INTO schedules (task_id, frequency, hour, anchor_day, next_due, failures)
       VALUES (?, ?, ?, ?, ?, 0)
       ON CONFLICT (task_id) DO UPDATE SET frequency = excluded.frequency, hour = excluded.hour,
         anchor_day = excluded.anchor_day, next_due = excluded.next_due, failures = 0`,
      taskId,
      spec.frequency,
      spec.hour,
      spec.anchorDay,
      nextDue,
    );
    return nextDue;
  }

  remove(taskId: string): void {
    this.sql.exec(`DELETE FROM schedules WHERE task_id = ?`, taskId);
  }

  due(now: number): ScheduleRow[] {
    return this.sql
      .exec(`SELECT * FROM schedules WHERE next_due <= ? ORDER BY next_due`, now)
      .toArray()
      .map(toSchedule);
  }

  get(taskId: string): ScheduleRow | null {
    const row = this.sql.exec(`SELECT * FROM schedules WHERE task_id = ?`, taskId).toArray()[0];
    return row ? toSchedule(row) : null;
  }

  /** The run started: the next slot of the task's cadence after now. */
  advance(s: ScheduleRow, now: number): number {
    const next = nextDueAfter(s, now);
    this.sql.exec(
      `UPDATE schedules SET next_due = ?, failures = 0 WHERE task_id = ?`,
      next,
      s.taskId,
    );
    return next;
  }

  /** Starting failed: retry with backoff (1, 2, 4 … minutes, at most an hour). */
  backoff(s: ScheduleRow, now: number): number {
    const failures = s.failures + 1;
    const next = now + Math.min(60, 2 ** (failures - 1)) * MINUTE;
    this.sql.exec(
      `UPDATE schedules SET next_due = ?, failures = ? WHERE task_id = ?`,
      next,
      failures,
      s.taskId,
    );
    return next;
  }

  housekeepingDue(name: string, now: number): boolean {
    const row = this.sql
      .exec(`SELECT next_due FROM housekeeping WHERE name = ?`, name)
      .toArray()[0];
    return !row || Number(row.next_due) <= now;
  }

  setHousekeeping(name: string, nextDue: number): void {
    this.sql.exec(
      `INSERT INTO housekeeping (name, next_due) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET next_due = excluded.next_due`,
      name,
      nextDue,
    );
  }

  /** Earliest due time of anything, or null when nothing is scheduled. */
  earliest(): number | null {
    const row = this.sql
      .exec(
        `SELECT min(t) AS t FROM (SELECT min(next_due) AS t FROM schedules
         UNION ALL SELECT min(next_due) AS t FROM housekeeping)`,
      )
      .one();
    return row.t === null ? null : Number(row.t);
  }
}
