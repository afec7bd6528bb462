/**
 * Sets the app-only bearer token on every Graph request. Unlike the SDK's
 * AuthenticationHandler it does not insist on https://graph.microsoft.com, so the same chain
 * talks to the simulator over http://; instead it refuses any origin other than the configured
 * Graph base URL, so our token never reaches another host. A 401 InvalidAuthenticationToken
 * (token expired or revoked before our cache noticed) invalidates the token and retries once.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphApiError } from '../graph-error.js';
import type { TokenProvider } from '../token-provider.js';
import { setRequestHeader, requestUrl } from './context.js';

export class AuthMiddleware implements Middleware {
  private next: Middleware | undefined;
  private readonly origin: string;

  constructor(
    private readonly tokens: TokenProvider,
    graphBaseUrl: string,
  ) {
    this.origin = new URL(graphBaseUrl).origin;
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = requestUrl(context);
    if (new URL(url).origin !== this.origin) {
      throw new GraphApiError({
        status: 0,
        code: 'ForeignOrigin',
        message: `Refusing to send the Graph token to ${new URL(url).origin}`,
        retryable: false,
      });
    }
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.getToken();
      setRequestHeader(context, 'Authorization', `Bearer ${token}`);
      await this.next?.execute(context);
      const res = context.response;
      if (attempt > 0 || res?.status !== 401 || !(await isInvalidToken(res))) return;
      this.tokens.invalidate(token);
      await res.body?.cancel();
    }
  }
}

async function isInvalidToken(res: Response): Promise<boolean> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } };
    return body.error?.code === 'InvalidAuthenticationToken';
  } catch {
    return false;
  }
}
