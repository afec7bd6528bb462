/**
 * The naive way to back up mail, as a reference for the product: @microsoft/microsoft-graph-client
 * from Node with the SDK's own RetryHandler (default options: 3 retries, honours Retry-After),
 * no governor, one request at a time per mailbox. For each mailbox: list the folder tree
 * (hidden folders included), list every folder's messages page by page, and GET each
 * message's `$value`, one after the other. Bodies are counted, not kept. With `parallel`,
 * that many mailboxes run side by side (as many as the product keeps in flight), so both
 * back up the whole tenant with the same mailbox parallelism.
 */
import {
  Client,
  HTTPMessageHandler,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';

/**
 * Sets the bearer token. The SDK's AuthenticationHandler only sends a token to https:// Graph
 * hosts, and the simulated tenant is http://; this is the only middleware of ours.
 */
class BearerAuth implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly token: () => Promise<string>) {}
  async execute(context: Context): Promise<void> {
    const options = (context.options ?? {}) as RequestInit;
    const headers = new Headers(options.headers);
    headers.set('Authorization', `Bearer ${await this.token()}`);
    context.options = { ...options, headers };
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

export interface BaselineOptions {
  simUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Mailboxes (user principal names or ids), backed up in this order. */
  mailboxes: string[];
  /** Start no further mailbox once this much time has passed (at least one is done). */
  budgetMs: number;
  /** Mailboxes backed up side by side (default 1: strictly sequential). */
  parallel?: number;
  log?: (line: string) => void;
}

export interface BaselineResult {
  mailboxesDone: number;
  items: number;
  bytes: number;
  requests: number;
  failedItems: number;
  elapsedMs: number;
}

interface Folder {
  id: string;
  childFolderCount?: number;
}

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

async function appToken(o: BaselineOptions): Promise<string> {
  const res = await fetch(`${o.simUrl}/${o.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: o.clientId,
      client_secret: o.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  if (!res.ok) throw new Error(`token request answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function runNaiveBaseline(o: BaselineOptions): Promise<BaselineResult> {
  let token = await appToken(o);
  let tokenAt = Date.now();
  const auth = new BearerAuth(async () => {
    if (Date.now() - tokenAt > 30 * 60_000) {
      token = await appToken(o);
      tokenAt = Date.now();
    }
    return token;
  });
  const retry = new RetryHandler(new RetryHandlerOptions());
  auth.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${o.simUrl}/`,
    defaultVersion: 'v1.0',
  });
  // graph-client 3.x parses only https:// links; an http:// nextLink is passed as its path.
  const link = (url: string) => {
    const u = new URL(url);
    return client.api(u.pathname.replace(/^\/v1\.0/, '') + u.search);
  };

  const result: BaselineResult = {
    mailboxesDone: 0,
    items: 0,
    bytes: 0,
    requests: 0,
    failedItems: 0,
    elapsedMs: 0,
  };
  const listAll = async <T>(path: string): Promise<T[]> => {
    const out: T[] = [];
    let page = (await client.api(path).get()) as Page<T>;
    result.requests++;
    out.push(...page.value);
    while (page['@odata.nextLink']) {
      page = (await link(page['@odata.nextLink']).get()) as Page<T>;
      result.requests++;
      out.push(...page.value);
    }
    return out;
  };

  const t0 = performance.now();
  const backUpMailbox = async (mailbox: string) => {
    const user = encodeURIComponent(mailbox);
    const folders: Folder[] = [];
    let level = await listAll<Folder>(
      `/users/${user}/mailFolders?includeHiddenFolders=true&$top=100`,
    );
    while (level.length > 0) {
      folders.push(...level);
      const next: Folder[] = [];
      for (const f of level) {
        if ((f.childFolderCount ?? 0) === 0) continue;
        next.push(
          ...(await listAll<Folder>(
            `/users/${user}/mailFolders/${encodeURIComponent(f.id)}/childFolders?includeHiddenFolders=true&$top=100`,
          )),
        );
      }
      level = next;
    }
    for (const f of folders) {
      const messages = await listAll<{ id: string }>(
        `/users/${user}/mailFolders/${encodeURIComponent(f.id)}/messages?$select=id&$top=50`,
      );
      for (const m of messages) {
        result.requests++;
        try {
          const body = (await client
            .api(`/users/${user}/messages/${encodeURIComponent(m.id)}/$value`)
            .responseType(ResponseType.ARRAYBUFFER)
            .get()) as ArrayBuffer;
          result.items++;
          result.bytes += body.byteLength;
        } catch {
          // the SDK gave up (its retries spent): a naive script would skip the item
          result.failedItems++;
        }
      }
    }
    result.mailboxesDone++;
    o.log?.(
      `  [baseline] ${result.mailboxesDone}/${o.mailboxes.length} mailboxes, ${result.items} items, ` +
        `${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  };
  let next = 0;
  let started = 0;
  const lane = async () => {
    while (next < o.mailboxes.length) {
      if (started > 0 && performance.now() - t0 >= o.budgetMs) return;
      started++;
      await backUpMailbox(o.mailboxes[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 1) }, lane));
  result.elapsedMs = performance.now() - t0;
  return result;
}
