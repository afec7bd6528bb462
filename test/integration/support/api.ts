import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { app } from '../../../workers/app';

/** The origin test requests are addressed to; cookie-authenticated writes must send it. */
export const ORIGIN = 'https://bulwark.test';
export const COOKIE_NAME = '__Host-bulwark_session';

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Session cookie secret to present. */
  session?: string;
  /** API token secret to present as `Authorization: Bearer`. */
  token?: string;
  /** Origin header; defaults to ORIGIN for unsafe methods; null sends none. */
  origin?: string | null;
  /** Client IP as Cloudflare reports it (`CF-Connecting-IP`). */
  ip?: string;
  headers?: Record<string, string>;
  /** A body sent verbatim (for malformed-input tests); `headers` sets its content type. */
  raw?: string;
}

function buildRequest(path: string, options: CallOptions): Request {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const method = options.method ?? (hasBody ? 'POST' : 'GET');
  const headers = new Headers(options.headers);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (options.session) headers.set('cookie', `${COOKIE_NAME}=${options.session}`);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  if (options.ip) headers.set('cf-connecting-ip', options.ip);
  const origin =
    options.origin === undefined && !['GET', 'HEAD'].includes(method) ? ORIGIN : options.origin;
  if (origin) headers.set('origin', origin);
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
}

/** Calls the Worker's fetch handler in-process, like a browser or script would. */
export function call(path: string, options: CallOptions = {}): Promise<Response> {
  return exports.default.fetch(buildRequest(path, options));
}

/**
 * Like `call`, but with an ExecutionContext of the test's own, and resolving only once the
 * work the Worker deferred with `waitUntil` (mail, audit rows written after the response)
 * has finished — so a test can assert that something did *not* happen without polling.
 */
export async function callAndSettle(path: string, options: CallOptions = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(buildRequest(path, options), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: { path: string; message: string }[];
  };
}

/** Asserts the one error shape, the status/code pair, and that requestId matches the header. */
export async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
  expect(body.error.requestId).toBeTruthy();
  expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
  return body;
}

/** Asserts a 400 validation_failed whose details name `path`. */
export async function expectInvalid(res: Response, path: string): Promise<string> {
  const body = await expectError(res, 400, 'validation_failed');
  const detail = body.error.details?.find((d) => d.path === path);
  expect(detail, `no detail for "${path}" in ${JSON.stringify(body.error.details)}`).toBeDefined();
  return detail?.message ?? '';
}

/** The session secret from a sign-in response's Set-Cookie. */
export function sessionFrom(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  const match = new RegExp(`${COOKIE_NAME}=([^;]+)`).exec(cookie);
  if (!match?.[1]) throw new Error(`no session cookie in ${cookie}`);
  return match[1];
}

let counter = 0;
/** A unique address per call, so tests never collide on the users.email index. */
export function uniqueEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}-${crypto.randomUUID().slice(0, 6)}@example.com`;
}

/** A unique client IP per call, so per-IP throttling in one test does not leak into another. */
export function uniqueIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}
