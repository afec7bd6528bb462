/** Reports every attempt that reaches the network; the URL's secret-looking query values are redacted. */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { requestMethod, requestUrl } from './context.js';

export interface RequestLogEntry {
  method: string;
  url: string;
  /** 0 when no HTTP answer came back */
  status: number;
  /** 1 for the first attempt of a request */
  attempt: number;
  durationMs: number;
}

export class RequestLogMiddleware implements Middleware {
  private next: Middleware | undefined;
  private readonly attempts = new WeakMap<Context, number>();
  constructor(private readonly hook: (entry: RequestLogEntry) => void) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const attempt = (this.attempts.get(context) ?? 0) + 1;
    this.attempts.set(context, attempt);
    const started = Date.now();
    const report = (status: number) =>
      this.hook({
        method: requestMethod(context),
        url: redactUrl(requestUrl(context)),
        status,
        attempt,
        durationMs: Date.now() - started,
      });
    try {
      await this.next?.execute(context);
    } catch (e) {
      report(0);
      throw e;
    }
    report(context.response?.status ?? 0);
  }
}

const SECRET_PARAM = /token|secret|sig|code|key|password|auth/i;

export function redactUrl(url: string): string {
  const u = new URL(url);
  const secret = [...u.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
  if (secret.length === 0) return url;
  for (const name of secret) u.searchParams.set(name, 'redacted');
  return u.toString();
}
