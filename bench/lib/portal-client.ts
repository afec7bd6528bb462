/**
 * The product's public API as the portal uses it, for benchmarks: sign in with the session
 * cookie, then JSON requests with the portal's Origin (the CSRF check wants it).
 */
import type { RunProgress as CoordinatorRunProgress } from '../../workers/backup/coordinator-api.ts';

export class PortalClient {
  private constructor(
    readonly url: string,
    /** The session cookie (`name=value`), as a browser would send it. */
    readonly cookie: string,
  ) {}

  static async signIn(url: string, email: string, password: string): Promise<PortalClient> {
    const res = await fetch(`${url}/api/v1/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error('sign-in set no cookie');
    return new PortalClient(url, cookie);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        Cookie: this.cookie,
        Origin: this.url,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
}

export interface EntityRow {
  id: string;
  name: string;
  email: string;
  type: string;
  licensed: boolean;
  status: string;
  statusReason: string | null;
  backupBytes: number;
  itemCount: number;
  lastBackupAt: string | null;
}

/** A run's progress as GET /tasks/:id/progress answers it (the coordinator's, as JSON). */
export type RunProgress = Pick<
  CoordinatorRunProgress,
  | 'runId'
  | 'entitiesTotal'
  | 'entitiesDone'
  | 'partsTotal'
  | 'partsDone'
  | 'items'
  | 'bytes'
  | 'percent'
  | 'etaSeconds'
>;

export interface EntityDetail {
  entity: EntityRow;
  subServices: Array<{ subService: string; items: number; outcome: string | null }>;
  snapshots: Array<{ seq: number; status: string; items: number; bytes: number }>;
}

/** Every mailbox of a task matching `query` (keyset paging through `nextCursor`). */
export async function listEntities(
  api: PortalClient,
  taskId: string,
  query: Record<string, string> = {},
): Promise<EntityRow[]> {
  const out: EntityRow[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '200' });
    if (cursor) params.set('cursor', cursor);
    const page: { entities: EntityRow[]; nextCursor: string | null } = await api.get(
      `/tasks/${taskId}/entities?${params}`,
    );
    out.push(...page.entities);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * Creates an Exchange task and connects it the way a browser does: follow the admin consent
 * URL (the simulated tenant answers it at once with a redirect) to the product's callback,
 * which connects the task and discovers its mailboxes.
 */
export async function createConnectedTask(api: PortalClient, name: string): Promise<string> {
  const created: { task: { id: string }; consentUrl: string } = await api.post('/tasks', {
    service: 'exchange',
    name,
  });
  const consent = await fetch(created.consentUrl, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (consent.status !== 302 || !callback) {
    throw new Error(`admin consent answered ${consent.status}: ${await consent.text()}`);
  }
  // The browser comes back to the portal carrying its session cookie.
  const back = await fetch(new URL(callback, created.consentUrl), {
    redirect: 'manual',
    headers: { Cookie: api.cookie },
  });
  const portal = back.headers.get('location') ?? '';
  if (back.status !== 302 || !portal.includes('connected=1')) {
    throw new Error(`the consent callback answered ${back.status} → ${portal}`);
  }
  return created.task.id;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls the task's progress until run `runId` is no longer in progress. */
export async function waitForRun(
  api: PortalClient,
  taskId: string,
  runId: string,
  opts: { timeoutMs: number; label: string; intervalMs?: number },
): Promise<void> {
  const t0 = Date.now();
  let lastPrint = 0;
  for (;;) {
    const { runs }: { runs: RunProgress[] } = await api.get(`/tasks/${taskId}/progress`);
    const run = runs.find((r) => r.runId === runId);
    if (!run) return;
    const now = Date.now();
    if (now - lastPrint >= 15_000) {
      lastPrint = now;
      console.log(
        `  [${opts.label}] ${((now - t0) / 1000).toFixed(0)} s: ${run.entitiesDone}/${run.entitiesTotal} mailboxes, ` +
          `${run.partsDone}/${run.partsTotal} parts, ${run.items} items, ${run.percent}%` +
          (run.etaSeconds !== null ? `, ETA ${run.etaSeconds} s` : ''),
      );
    }
    if (now - t0 > opts.timeoutMs) {
      throw new Error(`${opts.label}: run ${runId} still in progress after ${opts.timeoutMs} ms`);
    }
    await sleep(opts.intervalMs ?? 500);
  }
}
