import { MailError, type MailMessage, type Mailer } from './mailer';

export interface HttpTransportOptions {
  url: string;
  apiKey: string;
  from: string;
  /** Injected so tests can stand in for the provider. */
  fetch?: typeof fetch;
}

/**
 * Production transport: POSTs `{from,to,subject,text,html}` as JSON with a bearer key to a
 * transactional email API. Failures are classified so callers (and later a queue) know
 * whether a retry can help: 408/429/5xx and network errors are retryable, other 4xx are
 * permanent (bad address, rejected sender) and retrying would only repeat them.
 */
export class HttpMailTransport implements Mailer {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpTransportOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async send(message: MailMessage): Promise<void> {
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          from: this.options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
        }),
      });
    } catch (error) {
      throw new MailError(`mail API unreachable: ${String(error)}`, true);
    }
    // Drain the body so the connection can be reused; its content is not needed.
    await response.body?.cancel();
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new MailError(`mail API answered ${response.status}`, retryable, response.status);
  }
}
