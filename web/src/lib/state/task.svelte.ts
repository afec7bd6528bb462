// One backup task as the task page shows it: load, rename/settings, discovery, reconnect.
import { discover, getTask, reconnectTask, updateTask } from '../api/backup';
import type { Task, TaskPatch } from '../api/backup-types';
import { ApiError, errorText } from '../api/http';

export class TaskState {
  task = $state<Task | null>(null);
  loadError = $state<string | null>(null);
  notFound = $state(false);
  discovering = $state(false);
  /** Outcome of the last discovery or reconnect, for a status message. */
  message = $state<string | null>(null);
  actionError = $state<string | null>(null);

  readonly id: string;

  constructor(id: string) {
    this.id = id;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.task = (await getTask(this.id)).task;
    } catch (error) {
      this.notFound = error instanceof ApiError && error.status === 404;
      this.loadError = errorText(error, 'The backup task could not be loaded.');
    }
  }

  async save(patch: TaskPatch): Promise<Task> {
    const { task } = await updateTask(this.id, patch);
    this.task = task;
    return task;
  }

  /** Looks for new, changed and deleted mailboxes in Microsoft 365. */
  async discover(): Promise<boolean> {
    if (this.discovering) return false;
    this.discovering = true;
    this.message = null;
    this.actionError = null;
    try {
      const r = await discover(this.id);
      const parts = [`${r.discovered} found`, `${r.added} new`];
      if (r.activated) parts.push(`${r.activated} activated automatically`);
      if (r.archived) parts.push(`${r.archived} archived (deleted in Microsoft 365)`);
      this.message = `Mailboxes refreshed: ${parts.join(', ')}.`;
      await this.load();
      return true;
    } catch (error) {
      this.actionError = errorText(error, 'The mailboxes could not be refreshed.');
      return false;
    } finally {
      this.discovering = false;
    }
  }

  /** Asks for a new consent URL and goes there. */
  async reconnect(): Promise<void> {
    this.actionError = null;
    try {
      const { consentUrl } = await reconnectTask(this.id);
      location.assign(consentUrl);
    } catch (error) {
      this.actionError = errorText(error, 'Re-authentication could not be started.');
    }
  }
}
