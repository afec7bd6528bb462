/** Helpers for the simulator's own tests. */
import { startSimulator, type RunningSimulator, type StartOptions } from './server.ts';

export interface TestSim extends RunningSimulator {
  /** A client-credentials token (cached; `fresh` asks Entra for a new one). */
  token(fresh?: boolean): Promise<string>;
  graph(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  firstUser(): Promise<{ id: string; userPrincipalName: string }>;
}

export async function startTestSim(opts: StartOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({
    port: 0,
    seed: 1,
    size: { users: 12, messagesPerMailbox: 40 },
    ...opts,
  });
  let cached: string | undefined;
  const token = async (fresh = false) => {
    if (cached && !fresh) return cached;
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.clientId,
        client_secret: sim.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
    cached = ((await res.json()) as { access_token: string }).access_token;
    return cached;
  };
  const graph = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${await token()}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const url = path.startsWith('http')
      ? path
      : `${sim.url}${path.startsWith('/v1.0') || path.startsWith('/beta') ? '' : '/v1.0'}${path}`;
    return fetch(url, { ...init, headers, body: body ?? null, redirect: 'manual' });
  };
  const control = (path: string, body?: unknown, method?: string) =>
    fetch(`${sim.url}/_sim${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  const firstUser = async () => {
    const t = (await (await control('/tenant')).json()) as {
      users: { id: string; userPrincipalName: string; mailboxKind: string; licensed: boolean }[];
    };
    const u = t.users.find((x) => x.mailboxKind === 'user' && x.licensed);
    if (!u) throw new Error('no licensed user');
    return u;
  };
  return { ...sim, token, graph, control, firstUser };
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
}

/** Follows @odata.nextLink until a deltaLink (or the end), returning every value and the final link. */
export async function drain(sim: TestSim, first: string, headers?: Record<string, string>) {
  const values: Record<string, unknown>[] = [];
  let url: string | undefined = first;
  let deltaLink: string | undefined;
  let pages = 0;
  while (url) {
    const res = await sim.graph(url, headers ? { headers } : {});
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const body = await json<{
      value: Record<string, unknown>[];
      '@odata.nextLink'?: string;
      '@odata.deltaLink'?: string;
    }>(res);
    values.push(...body.value);
    pages++;
    url = body['@odata.nextLink'];
    deltaLink = body['@odata.deltaLink'];
  }
  return { values, deltaLink, pages };
}
