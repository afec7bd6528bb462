// The one place that turns HTTP responses into values or ApiErrors. Every API module goes
// through `call` (typed hc client) or `callJson` (plain fetch).
import type { ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldIssue[];
  readonly requestId: string | undefined;
  /** Seconds from a Retry-After header (429 answers), when present. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: FieldIssue[];
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}

/** What to tell the user about a failed call: the API's own message, else `fallback`. */
export function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** The parts of a Response (or hc ClientResponse) that `call` reads. */
export interface ResponseLike {
  ok: boolean;
  status: number;
  headers: Headers;
  text(): Promise<string>;
}

export interface CallOptions {
  /**
   * When false, a 401 is an ordinary answer of this endpoint (wrong password, no session yet)
   * and is not treated as an expired session.
   */
  session?: boolean;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | undefined;

/** Registers what happens when a signed-in call answers 401 (the session has ended). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | undefined): void {
  onUnauthorized = handler;
}

function normalisePath(path: unknown): string {
  const parts = Array.isArray(path) ? path.map(String) : String(path ?? '').split('.');
  // Validators sometimes prefix the request part ("body.email"); the form only knows "email".
  if (parts.length > 1 && (parts[0] === 'body' || parts[0] === 'json')) parts.shift();
  return parts.filter((p) => p !== '').join('.');
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

const fallbackMessages: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'You need to sign in.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state. Reload and try again.',
  429: 'Too many requests. Please wait and try again.',
};

async function toError(res: ResponseLike): Promise<ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  const err =
    body &&
    typeof body === 'object' &&
    'error' in body &&
    body.error &&
    typeof body.error === 'object'
      ? (body.error as Record<string, unknown>)
      : {};
  const details = Array.isArray(err.details)
    ? err.details.map((d: { path?: unknown; message?: unknown }) => ({
        path: normalisePath(d?.path),
        message: String(d?.message ?? 'Invalid value'),
      }))
    : [];
  return new ApiError({
    status: res.status,
    code: typeof err.code === 'string' ? err.code : `http_${res.status}`,
    message:
      typeof err.message === 'string' && err.message
        ? err.message
        : (fallbackMessages[res.status] ?? 'Something went wrong. Please try again.'),
    details,
    requestId:
      typeof err.requestId === 'string'
        ? err.requestId
        : (res.headers.get('X-Request-Id') ?? undefined),
    retryAfter: parseRetryAfter(res.headers.get('Retry-After')),
  });
}

/** The body type of the success answers (2xx) of an hc client response union. */
export type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends SuccessStatusCode
      ? S extends 204
        ? undefined
        : T
      : never
    : never;

/**
 * Awaits a typed-client request and returns its success body (undefined for 204), or throws
 * an ApiError. Network failures become ApiError code "network_error".
 */
export function call<R extends ResponseLike>(
  request: Promise<R>,
  options: CallOptions = {},
): Promise<SuccessBody<R>> {
  return settle(request, options) as Promise<SuccessBody<R>>;
}

/** The same for requests outside the typed client (e.g. the OpenAPI document). */
export function callJson<T>(request: Promise<ResponseLike>, options: CallOptions = {}): Promise<T> {
  return settle(request, options) as Promise<T>;
}

async function settle(request: Promise<ResponseLike>, options: CallOptions): Promise<unknown> {
  let res: ResponseLike;
  try {
    res = await request;
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'The service could not be reached. Check your connection and try again.',
    });
  }
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && options.session !== false) onUnauthorized?.();
    throw error;
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Plain same-origin GET of a JSON document the typed client does not describe. */
export function getJson(path: string): Promise<Response> {
  return fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
}
