/**
 * App-only access tokens (OAuth 2.0 client credentials, Entra ID v2.0 endpoint), cached until
 * shortly before they expire. Concurrent callers share one token request.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { GraphApiError, parseRetryAfter } from './graph-error.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TokenProviderOptions {
  /** e.g. https://login.microsoftonline.com (or the simulator's origin) */
  loginBaseUrl: string;
  /** e.g. https://graph.microsoft.com: the scope is `${graphBaseUrl}/.default` */
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  fetch?: FetchLike;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** Entra ID answers that no retry will fix: bad/expired secret, unknown app, consent revoked. */
const PERMANENT_ERRORS = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_grant',
  'invalid_request',
  'invalid_scope',
]);
const PERMANENT_AADSTS = new Set([
  '700016', // application not found in the tenant (not consented / consent revoked)
  '7000215', // invalid client secret
  '7000222', // client secret expired
  '65001', // consent not granted
  '90002', // tenant not found
  '1002012', // scope not .default
]);

/** A token request Entra ID refused, or that could not be made. Never carries the secret. */
export class GraphAuthError extends GraphApiError {
  /** e.g. "700016", from `error_codes` or the `AADSTSnnn:` prefix of the description */
  readonly aadsts: string | undefined;
  /** Entra ID's `error_description`, verbatim (with the secret redacted if ever echoed) */
  readonly description: string;
  get permanent(): boolean {
    return !this.retryable;
  }
  constructor(init: {
    status: number;
    code: string;
    aadsts?: string;
    description: string;
    retryable: boolean;
    retryAfterSeconds?: number;
  }) {
    const prefix = init.aadsts ? `AADSTS${init.aadsts} ` : '';
    super({
      status: init.status,
      code: init.code,
      message: `Token request failed: ${prefix}${init.code}: ${init.description}`,
      retryable: init.retryable,
      retryAfterSeconds: init.retryAfterSeconds,
    });
    this.aadsts = init.aadsts;
    this.description = init.description;
  }
}

export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forget the cached token (only if it is still `token`, when given) so the next call asks again. */
  invalidate(token?: string): void;
}

export function createTokenProvider(opts: TokenProviderOptions): TokenProvider {
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  const now = opts.now ?? Date.now;
  const tokenUrl = `${trimSlash(opts.loginBaseUrl)}/${encodeURIComponent(opts.tenantId)}/oauth2/v2.0/token`;
  const scope = `${trimSlash(opts.graphBaseUrl)}/.default`;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const redact = (s: string) =>
    opts.clientSecret ? s.split(opts.clientSecret).join('[redacted]') : s;

  async function request(): Promise<string> {
    const started = now();
    let res: Response;
    try {
      res = await doFetch(tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: opts.clientId,
          client_secret: opts.clientSecret,
          scope,
        }),
      });
    } catch (e) {
      throw new GraphAuthError({
        status: 0,
        code: 'network_error',
        description: redact(e instanceof Error ? e.message : String(e)),
        retryable: true,
      });
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
      error_codes?: unknown;
    };
    if (res.ok && typeof body.access_token === 'string') {
      const lifetimeMs = Number(body.expires_in ?? 3599) * 1000;
      // refresh 5 minutes early, or half-way through a short-lived token
      const margin = Math.min(5 * 60_000, lifetimeMs / 2);
      cached = { token: body.access_token, refreshAt: started + lifetimeMs - margin };
      return body.access_token;
    }
    const code = typeof body.error === 'string' ? body.error : `http_${res.status}`;
    const description = redact(
      typeof body.error_description === 'string' ? body.error_description : res.statusText,
    );
    const aadsts =
      (Array.isArray(body.error_codes) && body.error_codes.length > 0
        ? String(body.error_codes[0])
        : undefined) ?? /AADSTS(\d+)/.exec(description)?.[1];
    const transient = res.status === 429 || res.status >= 500;
    const permanent =
      !transient &&
      (PERMANENT_ERRORS.has(code) ||
        (aadsts !== undefined && PERMANENT_AADSTS.has(aadsts)) ||
        (res.status >= 400 && res.status < 500 && res.status !== 408));
    throw new GraphAuthError({
      status: res.status,
      code,
      aadsts,
      description,
      retryable: !permanent,
      retryAfterSeconds: parseRetryAfter(res.headers.get('Retry-After')),
    });
  }

  return {
    async getToken() {
      if (cached && now() < cached.refreshAt) return cached.token;
      pending ??= request().finally(() => (pending = undefined));
      return pending;
    },
    invalidate(token) {
      if (token === undefined || cached?.token === token) cached = undefined;
    },
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
