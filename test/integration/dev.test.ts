import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../workers/app';
import { DEMO_ACCOUNT } from '../../workers/services/seed';
import { call, expectError, ORIGIN, uniqueEmail } from './support/api';
import { mailsTo, PASSWORD, signIn } from './support/fixtures';

interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/** The Worker as deployed to production: DEV_MODE off, HTTP mail, a configured APP_URL. */
async function productionFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const productionEnv = {
    ...env,
    DEV_MODE: 'false',
    APP_URL: 'https://portal.bulwark.example',
    MAIL_TRANSPORT: 'http',
    MAIL_API_URL: 'https://mail.invalid/send',
    MAIL_API_KEY: 'k',
  };
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, init), productionEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function signUp(firstName: string): Promise<string> {
  const email = uniqueEmail('dev');
  await call('/api/v1/auth/signup', {
    body: {
      firstName,
      lastName: 'Dev',
      email,
      password: PASSWORD,
      confirmPassword: PASSWORD,
      region: 'uk',
    },
  });
  return email;
}

describe('/dev/mail (DEV_MODE=true)', () => {
  it('lists outbox messages newest first as JSON, and one by id', async () => {
    const first = await signUp('First');
    const second = await signUp('Second');
    const res = await call('/dev/mail/messages');
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: OutboxMessage[] };
    const recipients = messages.map((m) => m.to);
    expect(recipients.indexOf(second)).toBeLessThan(recipients.indexOf(first));
    const message = messages.find((m) => m.to === second);
    expect(Object.keys(message ?? {}).sort()).toEqual(
      ['createdAt', 'from', 'html', 'id', 'subject', 'text', 'to'].sort(),
    );
    expect(message?.text).toContain('/activate?token=');

    const one = await call(`/dev/mail/messages/${message?.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(message);
    await expectError(await call('/dev/mail/messages/nope'), 404, 'not_found');
  });

  it('renders an HTML page with escaped content and clickable links', async () => {
    const email = await signUp('<script>alert(1)</script>');
    const res = await call('/dev/mail');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`To: ${email}`);
    expect(html).toMatch(/<a href="https:\/\/bulwark\.test\/activate\?token=[A-Za-z0-9_-]+">/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('POST /dev/seed', () => {
  it('creates the demo account once; the demo user can sign in', async () => {
    const first = await call('/dev/seed', { method: 'POST' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      email: DEMO_ACCOUNT.email,
      password: 'Demo-Bulwark-Backup-2026',
      created: true,
    });
    const again = await call('/dev/seed', { method: 'POST' });
    expect(await again.json()).toMatchObject({ created: false });

    const session = await signIn({
      email: 'demo@bulwark.example',
      password: 'Demo-Bulwark-Backup-2026',
    });
    const me = (await (await call('/api/v1/me', { session })).json()) as {
      user: { role: string; isPrimary: boolean };
      account: { name: string; region: string };
    };
    expect(me.user).toMatchObject({ role: 'administrator', isPrimary: true });
    expect(me.account).toMatchObject({ name: 'Demo Company', region: 'eu-ie' });
    expect(await mailsTo(DEMO_ACCOUNT.email)).toHaveLength(0);
  });
});

describe('DEV_MODE off (production configuration)', () => {
  it('answers 404 on every /dev endpoint', async () => {
    for (const [method, path] of [
      ['GET', '/dev/mail'],
      ['GET', '/dev/mail/messages'],
      ['GET', '/dev/mail/messages/x'],
      ['POST', '/dev/seed'],
    ] as const) {
      const res = await productionFetch(path, { method });
      await expectError(res, 404, 'not_found');
    }
  });

  it('still serves the API', async () => {
    const res = await productionFetch('/api/v1/regions');
    expect(res.status).toBe(200);
  });

  it('refuses to start with an unsafe configuration, without leaking it', async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/regions`),
      { ...env, DEV_MODE: 'false', APP_URL: '', TOKEN_PEPPER: 'short' },
      ctx,
    );
    const body = await expectError(res, 500, 'internal');
    expect(body.error.message).toBe('Something went wrong on our side.');
    expect(JSON.stringify(body)).not.toContain('TOKEN_PEPPER');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is generated from the routes, with both security schemes and declared permissions', async () => {
    const res = await call('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<
        string,
        Record<string, { security?: unknown[]; 'x-bulwark-permissions'?: string[] }>
      >;
      components: {
        securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
        schemas: object;
      };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe(ORIGIN);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/v1/regions',
        'POST /api/v1/auth/signup',
        'POST /api/v1/auth/activate',
        'POST /api/v1/auth/signin',
        'POST /api/v1/auth/signout',
        'POST /api/v1/auth/password-reset',
        'POST /api/v1/auth/password-reset/confirm',
        'GET /api/v1/me',
        'POST /api/v1/me/password',
        'GET /api/v1/account',
        'PATCH /api/v1/account',
        'GET /api/v1/tokens',
        'POST /api/v1/tokens',
        'DELETE /api/v1/tokens/{id}',
        'GET /api/v1/permissions',
      ]),
    );
    expect(operations.some((o) => o.includes('/dev/'))).toBe(false);
    expect(doc.components.securitySchemes.bearerToken?.type).toBe('http');
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-bulwark_session',
    });
    expect(doc.paths['/api/v1/account']?.patch?.['x-bulwark-permissions']).toEqual([
      'account.settings.manage',
    ]);
    expect(doc.paths['/api/v1/auth/signin']?.post?.security).toEqual([]);
    expect(doc.paths['/api/v1/me']?.get?.security).toEqual([
      { bearerToken: [] },
      { sessionCookie: [] },
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'Me', 'ApiToken']),
    );
  });
});
