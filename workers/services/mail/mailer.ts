/**
 * Outgoing email. Services build a MailMessage from a template and hand it to a Mailer; the
 * transport behind it (D1 outbox in development, an HTTP email API in production) is
 * chosen by configuration in `createMailer`.
 */

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain-text part; every message has one (and an HTML part). */
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A failed send. `retryable` is true for throttling, provider outages and network errors. */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
