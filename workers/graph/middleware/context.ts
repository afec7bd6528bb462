/** Small helpers over the SDK's middleware Context. */
import type { Context } from '@microsoft/microsoft-graph-client';

export function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

export function requestMethod(context: Context): string {
  const method =
    context.options?.method ??
    (typeof context.request === 'string' ? undefined : context.request.method);
  return (method ?? 'GET').toUpperCase();
}

/** Sets a header whatever shape the SDK gave `options.headers` (record, Headers or pairs). */
export function setRequestHeader(context: Context, name: string, value: string): void {
  const headers = new Headers((context.options?.headers as HeadersInit | undefined) ?? {});
  headers.set(name, value);
  const plain: Record<string, string> = {};
  headers.forEach((v, k) => (plain[k] = v));
  context.options = { ...context.options, headers: plain };
}
