// Live progress of a task's backup runs: GET /tasks/:id/progress every 2 s while a run is
// active, a slow check otherwise (a scheduled run may start at any time).
import { getProgress } from '../api/backup';
import type { RunProgress } from '../api/backup-types';

const ACTIVE_MS = 2_000;
const IDLE_MS = 30_000;

export class ProgressPoller {
  runs = $state<RunProgress[]>([]);
  active = $derived(this.runs.length > 0);
  /** The run to show: the one started first. */
  current = $derived(this.runs[0] ?? null);

  #taskId: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;
  #onFinished: (() => void) | undefined;

  constructor(taskId: string, onFinished?: () => void) {
    this.#taskId = taskId;
    this.#onFinished = onFinished;
  }

  /** Starts polling now; returns the stop function (for $effect / onMount). */
  start(): () => void {
    this.#stopped = false;
    void this.#tick();
    return () => this.stop();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** A run was just requested (Backup now): look again at once and then every 2 s. */
  kick(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    void this.#tick();
  }

  async #tick(): Promise<void> {
    const wasActive = this.active;
    try {
      const { runs } = await getProgress(this.#taskId);
      if (this.#stopped) return;
      this.runs = runs;
    } catch {
      // Progress is a nicety: a failed look is retried at the next tick.
    }
    if (this.#stopped) return;
    if (wasActive && !this.active) this.#onFinished?.();
    this.#timer = setTimeout(() => void this.#tick(), this.active ? ACTIVE_MS : IDLE_MS);
  }
}
