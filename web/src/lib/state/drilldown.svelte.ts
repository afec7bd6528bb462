// The drill-down of one mailbox: its detail (sub-services, snapshots) and items backed up per
// day over the last 30 days, with the range the sliders select.
import { getDaily, getEntity } from '../api/backup';
import type { DailyCount, EntityDetail } from '../api/backup-types';
import { ApiError } from '../api/http';
import { fillDays, MAX_DAYS } from '../backup/days';
import { errorText } from '../api/http';

export { MAX_DAYS };

export class Drilldown {
  detail = $state<EntityDetail | null>(null);
  days = $state<DailyCount[]>([]);
  loadError = $state<string | null>(null);
  notFound = $state(false);
  /** Index range of `days` shown by the chart (inclusive). */
  start = $state(0);
  end = $state(MAX_DAYS - 1);

  shown = $derived(this.days.slice(this.start, this.end + 1));

  readonly entityId: string;

  constructor(entityId: string) {
    this.entityId = entityId;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const [detail, daily] = await Promise.all([
        getEntity(this.entityId),
        getDaily(this.entityId, MAX_DAYS),
      ]);
      this.detail = detail;
      this.days = fillDays(daily.days);
      this.start = 0;
      this.end = this.days.length - 1;
    } catch (error) {
      this.notFound = error instanceof ApiError && error.status === 404;
      this.loadError = errorText(error, 'The backups of this mailbox could not be loaded.');
    }
  }

  setStart(value: number): void {
    this.start = Math.max(0, Math.min(value, this.end));
  }

  setEnd(value: number): void {
    this.end = Math.min(this.days.length - 1, Math.max(value, this.start));
  }
}
