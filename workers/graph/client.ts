/**
 * The Graph client the product uses: @microsoft/microsoft-graph-client with our middleware
 * chain auth → retry → governor → log → HTTP. The Graph and login base URLs are configuration, so the
 * same code talks to Microsoft in production and to the simulator (http://) in tests.
 */
import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { GraphApiError, toGraphApiError } from './graph-error.js';
import type { MailboxGovernor } from './governor.js';
import { AuthMiddleware } from './middleware/auth.js';
import { requestUrl } from './middleware/context.js';
import { GovernorMiddleware } from './middleware/governor.js';
import { RequestLogMiddleware, type RequestLogEntry } from './middleware/request-log.js';
import { RetryMiddleware, type RetryOptions } from './middleware/retry.js';
import { createTokenProvider, type FetchLike, type TokenProvider } from './token-provider.js';

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com (no version) */
  graphBaseUrl: string;
  /** e.g. https://login.microsoftonline.com */
  loginBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  fetch?: FetchLike;
  retry?: RetryOptions;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Share a token provider (and its cache) between clients of one tenant. */
  tokenProvider?: TokenProvider;
  /** Quota governor of the one mailbox this client works on (every attempt goes through it). */
  governor?: MailboxGovernor;
}

/** Terminal middleware: sends the request with the configured fetch. */
class FetchHandler implements Middleware {
  constructor(private readonly doFetch: FetchLike) {}
  async execute(context: Context): Promise<void> {
    const init = context.options as RequestInit | undefined;
    context.response = await this.doFetch(requestUrl(context), init);
  }
}

/** Graph base URL (no trailing slash) of each client we built: links are checked against it. */
const baseUrls = new WeakMap<Client, string>();

export function createGraphClient(opts: GraphClientOptions): Client {
  const graphBaseUrl = opts.graphBaseUrl.replace(/\/+$/, '');
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  const tokens =
    opts.tokenProvider ?? createTokenProvider({ ...opts, graphBaseUrl, fetch: doFetch });
  const chain: Middleware[] = [
    new AuthMiddleware(tokens, graphBaseUrl),
    new RetryMiddleware(opts.retry),
  ];
  if (opts.governor) chain.push(new GovernorMiddleware(opts.governor));
  if (opts.onRequest) chain.push(new RequestLogMiddleware(opts.onRequest));
  chain.push(new FetchHandler(doFetch));
  for (let i = 0; i < chain.length - 1; i++) chain[i]!.setNext?.(chain[i + 1]!);
  const client = Client.initWithMiddleware({
    middleware: chain[0],
    baseUrl: `${graphBaseUrl}/`,
    defaultVersion: 'v1.0',
  });
  baseUrls.set(client, graphBaseUrl);
  return client;
}

/**
 * A request for an `@odata.nextLink` / `@odata.deltaLink`. graph-client 3.0.7 only splits
 * https:// links into host and version, so it gets the path and query relative to the base
 * (with the link's version). A link to any other origin or outside the base path is refused:
 * our token must never go to another host.
 */
export function followLink(client: Client, link: string) {
  const base = baseUrls.get(client);
  if (base === undefined) throw new Error('followLink needs a client made by createGraphClient');
  const baseUrl = new URL(`${base}/`);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw foreignLink(link);
  }
  if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname)) {
    throw foreignLink(url.origin);
  }
  const rest = url.pathname.slice(baseUrl.pathname.length); // "v1.0/users/…"
  const slash = rest.indexOf('/');
  if (slash <= 0) throw foreignLink(url.origin);
  return client.api(`${rest.slice(slash)}${url.search}`).version(rest.slice(0, slash));
}

function foreignLink(where: string): GraphApiError {
  return new GraphApiError({
    status: 0,
    code: 'ForeignLink',
    message: `Refusing to follow a link outside the Graph base URL (${where})`,
    retryable: false,
  });
}

export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * Pages of a collection or delta query, following `@odata.nextLink` until the last page
 * (whose `@odata.deltaLink`, if any, is the generator's return value). `headers` are sent with
 * every page (Graph wants `Prefer: odata.maxpagesize` repeated). Errors are GraphApiError.
 */
export async function* pages<T>(
  client: Client,
  first: string,
  headers: Record<string, string> = {},
): AsyncGenerator<GraphPage<T>, string | undefined> {
  let request = first.includes('://') ? followLink(client, first) : client.api(first);
  for (;;) {
    let page: GraphPage<T>;
    try {
      page = (await request.headers(headers).get()) as GraphPage<T>;
    } catch (e) {
      throw toGraphApiError(e);
    }
    yield page;
    const next = page['@odata.nextLink'];
    if (!next) return page['@odata.deltaLink'];
    request = followLink(client, next);
  }
}
