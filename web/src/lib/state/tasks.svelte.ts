// The account's backup tasks, for the Homepage.
import { listTasks, reconnectTask } from '../api/backup';
import type { Task } from '../api/backup-types';
import { errorText } from '../api/http';

export class TaskList {
  tasks = $state<Task[] | null>(null);
  loadError = $state<string | null>(null);
  actionError = $state<string | null>(null);

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.tasks = (await listTasks()).tasks;
    } catch (error) {
      this.loadError = errorText(error, 'The backup tasks could not be loaded.');
    }
  }

  async reconnect(task: Task): Promise<void> {
    this.actionError = null;
    try {
      location.assign((await reconnectTask(task.id)).consentUrl);
    } catch (error) {
      this.actionError = errorText(error, `“${task.name}” could not be re-authenticated.`);
    }
  }
}
