import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../workers/db/client';
import { ConfigError, getConfig } from '../../workers/env';
import { createMailer, MailError } from '../../workers/services/mail';
import { HttpMailTransport } from '../../workers/services/mail/http-transport';
import { OutboxTransport } from '../../workers/services/mail/outbox-transport';

const message = { to: 'ops@contoso.example', subject: 'Hi', text: 'plain', html: '<p>rich</p>' };

function transport(respond: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const mailer = new HttpMailTransport({
    url: 'https://mail.example/v1/send',
    apiKey: 'secret-key',
    from: 'Bulwark <no-reply@bulwark.example>',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      seen.push(request.clone());
      return respond(request);
    },
  });
  return { mailer, seen };
}

async function failure(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe('HTTP mail transport', () => {
  it('POSTs {from,to,subject,text,html} as JSON with the bearer key', async () => {
    const { mailer, seen } = transport(() => new Response(null, { status: 202 }));
    await mailer.send(message);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://mail.example/v1/send');
    expect(request?.headers.get('authorization')).toBe('Bearer secret-key');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(await request?.json()).toEqual({
      from: 'Bulwark <no-reply@bulwark.example>',
      ...message,
    });
  });

  it('classifies throttling, outages and network errors as retryable', async () => {
    for (const status of [408, 429, 500, 503]) {
      const { mailer } = transport(() => new Response('busy', { status }));
      const error = await failure(mailer.send(message));
      expect({ status: error.status, retryable: error.retryable }).toEqual({
        status,
        retryable: true,
      });
    }
    const { mailer } = transport(() => {
      throw new TypeError('network down');
    });
    expect((await failure(mailer.send(message))).retryable).toBe(true);
  });

  it('classifies other client errors as permanent', async () => {
    for (const status of [400, 401, 403, 422]) {
      const { mailer } = transport(() => new Response('no', { status }));
      expect((await failure(mailer.send(message))).retryable).toBe(false);
    }
  });
});

describe('configuration', () => {
  it('picks the mail transport from MAIL_TRANSPORT', () => {
    const db = createDb(env.DB);
    expect(createMailer(getConfig(env), db)).toBeInstanceOf(OutboxTransport);
    const http = getConfig({
      ...env,
      MAIL_TRANSPORT: 'http',
      MAIL_API_URL: 'https://mail.example/send',
      MAIL_API_KEY: 'k',
    });
    expect(createMailer(http, db)).toBeInstanceOf(HttpMailTransport);
  });

  it('rejects unsafe or incomplete settings, naming them but not their values', () => {
    const bad = [
      { MAIL_TRANSPORT: 'http', MAIL_API_URL: '', MAIL_API_KEY: '' },
      { DEV_MODE: 'false', APP_URL: 'https://portal.example' }, // outbox outside dev
      {
        DEV_MODE: 'false',
        MAIL_TRANSPORT: 'http',
        MAIL_API_URL: 'https://m.example',
        MAIL_API_KEY: 'k',
      }, // no APP_URL
      { TOKEN_PEPPER: 'short' },
      { MAIL_TRANSPORT: 'smtp' },
      { DEV_MODE: 'yes' },
    ];
    for (const overrides of bad) {
      expect(() => getConfig({ ...env, ...overrides } as Env), JSON.stringify(overrides)).toThrow(
        ConfigError,
      );
    }
    const shortPepper = () => getConfig({ ...env, TOKEN_PEPPER: 'short-secret' } as Env);
    expect(shortPepper).toThrow(/TOKEN_PEPPER/);
    expect(shortPepper).not.toThrow(/short-secret/);
  });

  it('parses once per Env object', () => {
    expect(getConfig(env)).toBe(getConfig(env));
  });
});
