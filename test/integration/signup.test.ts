import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, securityAuditLog, users } from '../../workers/db/schema';
import { PASSWORD_PROBLEM_MESSAGES } from '../../workers/domain/password-policy';
import {
  MAX_SIGNUP_EMAILS_PER_ADDRESS,
  MAX_SIGNUPS_PER_IP,
} from '../../workers/services/auth/throttle';
import { call, expectError, expectInvalid, uniqueEmail, uniqueIp } from './support/api';
import { db, mailsTo, PASSWORD, userByEmail } from './support/fixtures';

function signupBody(overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: uniqueEmail('signup'),
    password: PASSWORD,
    confirmPassword: PASSWORD,
    region: 'eu-ie',
    ...overrides,
  };
}

describe('POST /api/v1/auth/signup', () => {
  it('creates a 14-day trial account with its primary administrator and mails the activation link', async () => {
    const body = signupBody({ email: uniqueEmail('Signup').toUpperCase() });
    const res = await call('/api/v1/auth/signup', { body });
    expect(res.status).toBe(201);
    const email = body.email.toLowerCase();
    expect(await res.json()).toEqual({ email });

    const user = await userByEmail(email);
    expect(user).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      role: 'administrator',
      isPrimary: true,
      emailConfirmedAt: null,
    });
    expect(user?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    const account = await db
      .select()
      .from(accounts)
      .where(eq(accounts.id, user?.accountId ?? ''))
      .get();
    expect(account).toMatchObject({ region: 'eu-ie', status: 'trial', name: 'Grace Hopper' });
    const trialDays = ((account?.trialEndsAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.99);
    expect(trialDays).toBeLessThanOrEqual(14);

    const [mail] = await mailsTo(email);
    expect(mail?.subject).toBe('Activate your Bulwark account');
    expect(mail?.text).toMatch(/https:\/\/bulwark\.test\/activate\?token=[A-Za-z0-9_-]{43}/);
    expect(mail?.html).toContain('href="https://bulwark.test/activate?token=');

    const audit = await db.select().from(securityAuditLog).where(eq(securityAuditLog.email, email));
    expect(audit.map((a) => [a.event, a.outcome])).toEqual([['signup', 'success']]);
  });

  it('escapes user data in the HTML part', async () => {
    const body = signupBody({ firstName: '<img src=x onerror=alert(1)>' });
    expect((await call('/api/v1/auth/signup', { body })).status).toBe(201);
    const [mail] = await mailsTo(body.email);
    expect(mail?.html).toContain('Hello &lt;img src=x onerror=alert(1)&gt;,');
    expect(mail?.html).not.toContain('<img');
    expect(mail?.text).toContain('Hello <img src=x onerror=alert(1)>,');
  });

  it('answers the same for a registered address and mails its owner instead', async () => {
    const body = signupBody();
    await call('/api/v1/auth/signup', { body });
    const user = await userByEmail(body.email);
    await db
      .update(accounts)
      .set({ name: 'Original' })
      .where(eq(accounts.id, user?.accountId ?? ''));

    // Unconfirmed owner: a fresh activation link, no second account.
    const again = await call('/api/v1/auth/signup', { body: { ...body, firstName: 'Other' } });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ email: body.email });
    let mails = await mailsTo(body.email);
    expect(mails.map((m) => m.subject)).toEqual([
      'Activate your Bulwark account',
      'Activate your Bulwark account',
    ]);

    // Confirmed owner: a notice that the account exists.
    await db.update(users).set({ emailConfirmedAt: new Date() }).where(eq(users.email, body.email));
    expect((await call('/api/v1/auth/signup', { body })).status).toBe(201);
    mails = await mailsTo(body.email);
    expect(mails[0]?.subject).toBe('You already have a Bulwark account');
    expect((await userByEmail(body.email))?.firstName).toBe('Grace');
  });

  describe('validation', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['missing first name', { firstName: undefined }, 'firstName'],
      ['blank first name', { firstName: '   ' }, 'firstName'],
      ['first name over 100', { firstName: 'x'.repeat(101) }, 'firstName'],
      ['blank last name', { lastName: '' }, 'lastName'],
      ['last name over 100', { lastName: 'y'.repeat(101) }, 'lastName'],
      ['malformed email', { email: 'not-an-email' }, 'email'],
      ['email over 254', { email: `${'a'.repeat(250)}@example.com` }, 'email'],
      ['short password', { password: 'Short-pw-1', confirmPassword: 'Short-pw-1' }, 'password'],
      [
        'password over 256',
        { password: 'k'.repeat(257), confirmPassword: 'k'.repeat(257) },
        'password',
      ],
      [
        'common password',
        { password: 'Password1234!', confirmPassword: 'Password1234!' },
        'password',
      ],
      [
        'keyboard walk',
        { password: 'qwertyuiopasd', confirmPassword: 'qwertyuiopasd' },
        'password',
      ],
      [
        'name as password',
        { password: 'GraceHopper2024', confirmPassword: 'GraceHopper2024' },
        'password',
      ],
      ['confirmation mismatch', { confirmPassword: `${PASSWORD}x` }, 'confirmPassword'],
      ['unknown region', { region: 'mars' }, 'region'],
      ['missing region', { region: undefined }, 'region'],
    ];
    it.each(cases)('rejects %s', async (_name, overrides, path) => {
      const body = signupBody(overrides);
      const res = await call('/api/v1/auth/signup', { body });
      await expectInvalid(res, path);
      expect(await userByEmail(String(body.email))).toBeUndefined();
    });

    it('reports a password rule once, in the policy’s words', async () => {
      for (const [password, problem] of [
        ['Short-pw-1', 'too_short'],
        ['k'.repeat(257), 'too_long'],
      ] as const) {
        const res = await call('/api/v1/auth/signup', {
          body: signupBody({ password, confirmPassword: password }),
        });
        const body = await expectError(res, 400, 'validation_failed');
        expect(body.error.details).toEqual([
          { path: 'password', message: PASSWORD_PROBLEM_MESSAGES[problem] },
        ]);
      }
    });

    it('accepts a 64+ character passphrase', async () => {
      const long = 'the quiet harbour keeps seven lanterns lit through the winter nights';
      expect(long.length).toBeGreaterThan(64);
      const res = await call('/api/v1/auth/signup', {
        body: signupBody({ password: long, confirmPassword: long }),
      });
      expect(res.status).toBe(201);
    });

    it('lists every problem at once', async () => {
      const res = await call('/api/v1/auth/signup', {
        body: {
          firstName: '',
          lastName: '',
          email: 'x',
          password: 'a',
          confirmPassword: 'b',
          region: 'x',
        },
      });
      const body = await expectError(res, 400, 'validation_failed');
      const paths = body.error.details?.map((d) => d.path) ?? [];
      expect(paths).toEqual(
        expect.arrayContaining(['firstName', 'lastName', 'email', 'password', 'region']),
      );
    });

    it('refuses malformed JSON and non-JSON bodies', async () => {
      const malformed = await call('/api/v1/auth/signup', {
        raw: '{"firstName":',
        headers: { 'content-type': 'application/json' },
      });
      await expectError(malformed, 400, 'bad_request');
      const text = await call('/api/v1/auth/signup', {
        raw: 'firstName=Grace',
        headers: { 'content-type': 'text/plain' },
      });
      await expectError(text, 415, 'unsupported_media_type');
      const none = await call('/api/v1/auth/signup', { method: 'POST' });
      await expectInvalid(none, 'email');
    });
  });

  it('refuses a sign-up posted from another site', async () => {
    const res = await call('/api/v1/auth/signup', {
      body: signupBody(),
      origin: 'https://evil.example',
    });
    await expectError(res, 403, 'cross_site_request');
  });
});

describe('sign-up throttling', () => {
  const signUp = (body: Record<string, unknown>, ip: string) =>
    call('/api/v1/auth/signup', { body, ip });
  const signupAudit = (email: string) =>
    db
      .select({ outcome: securityAuditLog.outcome, reason: securityAuditLog.reason })
      .from(securityAuditLog)
      .where(eq(securityAuditLog.email, email));

  it(`allows ${MAX_SIGNUPS_PER_IP} sign-ups per client IP per window, then answers 429`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < MAX_SIGNUPS_PER_IP; i++) {
      expect((await signUp(signupBody(), ip)).status).toBe(201);
    }
    const body = signupBody();
    const res = await signUp(body, ip);
    await expectError(res, 429, 'too_many_attempts');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await userByEmail(body.email)).toBeUndefined();
    expect(await mailsTo(body.email)).toHaveLength(0);
    expect(await signupAudit(body.email)).toEqual([{ outcome: 'throttled', reason: null }]);
    // Another network is unaffected.
    expect((await signUp(body, uniqueIp())).status).toBe(201);
  });

  it(`sends at most ${MAX_SIGNUP_EMAILS_PER_ADDRESS} mails to one address, answering the same`, async () => {
    const body = signupBody();
    for (let i = 0; i < MAX_SIGNUP_EMAILS_PER_ADDRESS + 2; i++) {
      const res = await signUp(body, uniqueIp());
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ email: body.email });
    }
    expect(await mailsTo(body.email)).toHaveLength(MAX_SIGNUP_EMAILS_PER_ADDRESS);
    const outcomes = (await signupAudit(body.email)).map((a) => a.outcome).sort();
    expect(outcomes).toEqual(['failure', 'failure', 'success', 'throttled', 'throttled']);
  });

  it('keeps both caps under parallel sign-ups', async () => {
    const body = signupBody();
    const responses = await Promise.all(
      Array.from({ length: MAX_SIGNUP_EMAILS_PER_ADDRESS + 4 }, () => signUp(body, uniqueIp())),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    expect((await mailsTo(body.email)).length).toBeLessThanOrEqual(MAX_SIGNUP_EMAILS_PER_ADDRESS);
    expect(await db.select().from(users).where(eq(users.email, body.email))).toHaveLength(1);

    const ip = uniqueIp();
    const fromOneIp = await Promise.all(
      Array.from({ length: MAX_SIGNUPS_PER_IP + 3 }, () => signUp(signupBody(), ip)),
    );
    const statuses = fromOneIp.map((r) => r.status).sort();
    expect(statuses).toEqual([
      ...Array<number>(MAX_SIGNUPS_PER_IP).fill(201),
      ...Array<number>(3).fill(429),
    ]);
  });
});
