import type { Db } from '../../db/client';
import type { Config } from '../../env';
import { HttpMailTransport } from './http-transport';
import type { Mailer } from './mailer';
import { OutboxTransport } from './outbox-transport';

export type { MailMessage, Mailer } from './mailer';
export { MailError } from './mailer';

export function createMailer(config: Config, db: Db): Mailer {
  if (config.mail.transport === 'outbox') return new OutboxTransport(db, config.mail.from);
  // env.ts guarantees both are present for the http transport.
  return new HttpMailTransport({
    url: config.mail.apiUrl ?? '',
    apiKey: config.mail.apiKey ?? '',
    from: config.mail.from,
  });
}
