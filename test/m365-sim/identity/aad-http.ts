/** Entra request and response plumbing: form bodies, the request origin, AADSTS error JSON and error pages. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { escapeHtml } from '../tenant.ts';

export interface AadError {
  error: string;
  code: number;
  description: string;
  status?: 400 | 401;
}

export function aadError(c: Context, e: AadError): Response {
  const now = new Date();
  const trace = randomUUID();
  const corr = randomUUID();
  const ts = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return c.json(
    {
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.description} Trace ID: ${trace} Correlation ID: ${corr} Timestamp: ${ts}`,
      error_codes: [e.code],
      timestamp: ts,
      trace_id: trace,
      correlation_id: corr,
      error_uri: `${new URL(c.req.url).origin}/error?code=${e.code}`,
    },
    e.status ?? 400,
  );
}

export function errorPage(c: Context, code: number, text: string): Response {
  return c.html(
    `<!doctype html><html><head><title>Sign in to your account</title></head><body><h1>Sorry, but we’re having trouble signing you in.</h1><p id="error">AADSTS${code}: ${escapeHtml(text)}</p></body></html>`,
    400,
  );
}

export async function form(c: Context): Promise<URLSearchParams> {
  const text = await c.req.text();
  return new URLSearchParams(text);
}

export function requestOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}
