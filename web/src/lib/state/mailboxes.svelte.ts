// The mailbox list of one task: search (debounced), filters, keyset paging with a stack of
// cursors (Previous / Next), selection on the page, and the actions on selected mailboxes.
import { SvelteSet } from 'svelte/reactivity';
import { entityAction, listEntities, tagEntities } from '../api/backup';
import type { Entity, EntityAction, EntityStatus } from '../api/backup-types';
import { errorText } from '../api/http';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;

const DONE: Record<EntityAction, string> = {
  activate: 'activated',
  pause: 'paused',
  backup_now: 'queued for backup',
  delete: 'scheduled for deletion',
  cancel_delete: 'kept (deletion cancelled)',
};

export class MailboxList {
  entities = $state<Entity[]>([]);
  total = $state(0);
  loading = $state(false);
  loaded = $state(false);
  loadError = $state<string | null>(null);

  /** What the search box shows; `search` follows it after a pause in typing. */
  searchInput = $state('');
  search = $state('');
  status = $state<EntityStatus | ''>('');
  licensing = $state<'licensed' | 'unlicensed' | ''>('');
  tag = $state('');

  /** cursors[i] opens page i; page 0 has none. */
  #cursors = $state<(string | undefined)[]>([undefined]);
  page = $state(0);
  nextCursor = $state<string | null>(null);

  selected = new SvelteSet<string>();
  busy = $state(false);
  message = $state<string | null>(null);
  actionError = $state<string | null>(null);

  readonly taskId: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  allSelected = $derived(
    this.entities.length > 0 && this.entities.every((e) => this.selected.has(e.id)),
  );
  selectedEntities = $derived(this.entities.filter((e) => this.selected.has(e.id)));
  hasPrevious = $derived(this.page > 0);
  hasNext = $derived(this.nextCursor !== null);
  filtered = $derived(!!(this.search || this.status || this.licensing || this.tag));

  constructor(taskId: string) {
    this.taskId = taskId;
  }

  /** Called on every keystroke in the search box. */
  typed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const value = this.searchInput.trim();
      if (value !== this.search) {
        this.search = value;
        void this.first();
      }
    }, SEARCH_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  /** Back to the first page (after a filter changed). */
  first(): Promise<void> {
    this.#cursors = [undefined];
    this.page = 0;
    return this.load();
  }

  async next(): Promise<void> {
    if (!this.nextCursor) return;
    this.#cursors = [...this.#cursors.slice(0, this.page + 1), this.nextCursor];
    this.page += 1;
    await this.load();
  }

  async previous(): Promise<void> {
    if (this.page === 0) return;
    this.page -= 1;
    await this.load();
  }

  /** (Re)loads the current page; answers to superseded requests are dropped. */
  async load(): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    this.loadError = null;
    try {
      const res = await listEntities(this.taskId, {
        search: this.search || undefined,
        status: this.status || undefined,
        licensing: this.licensing || undefined,
        tag: this.tag || undefined,
        cursor: this.#cursors[this.page],
        limit: PAGE_SIZE,
      });
      if (request !== this.#request) return;
      this.entities = res.entities;
      this.total = res.total;
      this.nextCursor = res.nextCursor;
      this.loaded = true;
      for (const id of [...this.selected])
        if (!res.entities.some((e) => e.id === id)) this.selected.delete(id);
    } catch (error) {
      if (request !== this.#request) return;
      this.loadError = errorText(error, 'The mailboxes could not be loaded.');
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  toggle(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
  }

  toggleAll(on: boolean): void {
    for (const e of this.entities) this.toggle(e.id, on);
  }

  /** Runs an action on the selected mailboxes; returns the run id of a Backup now. */
  async act(action: EntityAction): Promise<{ ok: boolean; runId: string | null }> {
    const ids = [...this.selected];
    if (ids.length === 0 || this.busy) return { ok: false, runId: null };
    this.busy = true;
    this.message = null;
    this.actionError = null;
    try {
      const { updated, runId } = await entityAction(this.taskId, action, ids);
      this.message = `${updated} ${updated === 1 ? 'mailbox' : 'mailboxes'} ${DONE[action]}.`;
      this.selected.clear();
      await this.load();
      return { ok: true, runId };
    } catch (error) {
      this.actionError = errorText(error, 'The action could not be completed.');
      return { ok: false, runId: null };
    } finally {
      this.busy = false;
    }
  }

  async applyTags(add: string[], remove: string[]): Promise<boolean> {
    const ids = [...this.selected];
    if (ids.length === 0 || (add.length === 0 && remove.length === 0)) return false;
    this.message = null;
    this.actionError = null;
    await tagEntities(this.taskId, ids, add, remove);
    this.message = `Tags updated on ${ids.length} ${ids.length === 1 ? 'mailbox' : 'mailboxes'}.`;
    await this.load();
    return true;
  }
}
