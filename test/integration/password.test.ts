import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailTokens, loginThrottle, securityAuditLog, sessions } from '../../workers/db/schema';
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_RESET_EMAILS_PER_ADDRESS,
} from '../../workers/services/auth/throttle';
import { call, expectError, expectInvalid, uniqueEmail, uniqueIp } from './support/api';
import {
  createToken,
  db,
  insertUser,
  mailsTo,
  signIn,
  tokenFromMail,
  userByEmail,
  waitForMails,
} from './support/fixtures';

const NEW_PASSWORD = 'Quiet-harbour-window-93';

async function requestReset(email: string): Promise<Response> {
  return call('/api/v1/auth/password-reset', { body: { email } });
}

async function resetToken(email: string, count = 1): Promise<string> {
  const mails = await waitForMails(email, count);
  return tokenFromMail(mails[0]?.text ?? '', '/reset-password');
}

describe('POST /api/v1/auth/password-reset', () => {
  it('answers 202 and mails a one-hour link to a registered address', async () => {
    const user = await insertUser();
    const res = await requestReset(user.email.toUpperCase());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    const [mail] = await waitForMails(user.email);
    expect(mail?.subject).toBe('Reset your Bulwark password');
    expect(mail?.text).toMatch(/https:\/\/bulwark\.test\/reset-password\?token=[A-Za-z0-9_-]{43}/);
    expect(mail?.html).toContain('/reset-password?token=');

    const [row] = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.userId));
    const ttl = (row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0);
    expect(ttl).toBe(60 * 60 * 1000);
  });

  it('answers exactly the same for an unknown address and sends nothing', async () => {
    const email = uniqueEmail('unknown');
    const res = await requestReset(email);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    // The deferred work records an audit row; wait for it, then check no mail went out.
    for (let i = 0; i < 100; i++) {
      const rows = await db
        .select()
        .from(securityAuditLog)
        .where(eq(securityAuditLog.email, email));
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await mailsTo(email)).toHaveLength(0);
  });

  it(`sends at most ${MAX_RESET_EMAILS_PER_ADDRESS} emails per address per window`, async () => {
    const user = await insertUser();
    for (let i = 0; i < MAX_RESET_EMAILS_PER_ADDRESS + 2; i++) {
      expect((await requestReset(user.email)).status).toBe(202);
    }
    await waitForMails(user.email, MAX_RESET_EMAILS_PER_ADDRESS);
    for (let i = 0; i < 100; i++) {
      const throttled = await db
        .select()
        .from(securityAuditLog)
        .where(
          and(eq(securityAuditLog.email, user.email), eq(securityAuditLog.outcome, 'throttled')),
        );
      if (throttled.length === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await mailsTo(user.email)).toHaveLength(MAX_RESET_EMAILS_PER_ADDRESS);
  });

  it('validates the email', async () => {
    await expectInvalid(await requestReset('not-an-email'), 'email');
    await expectInvalid(await call('/api/v1/auth/password-reset', { body: {} }), 'email');
  });
});

describe('POST /api/v1/auth/password-reset/confirm', () => {
  it('sets the new password once, signs out everywhere and lifts the sign-in lock', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      await call('/api/v1/auth/signin', {
        body: { email: user.email, password: `Wrong-guess-${i}-xyz` },
        ip: uniqueIp(),
      });
    }
    await requestReset(user.email);
    const token = await resetToken(user.email);

    const res = await call('/api/v1/auth/password-reset/confirm', {
      body: { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: true });

    await expectError(await call('/api/v1/me', { session }), 401, 'unauthenticated');
    expect(
      await db
        .select()
        .from(loginThrottle)
        .where(eq(loginThrottle.key, `email:${user.email}`)),
    ).toHaveLength(0);
    await expectError(
      await call('/api/v1/auth/signin', { body: { email: user.email, password: user.password } }),
      401,
      'invalid_credentials',
    );
    expect(await signIn({ email: user.email, password: NEW_PASSWORD })).toBeTruthy();
    const mails = await mailsTo(user.email);
    expect(mails[0]?.subject).toBe('Your Bulwark password was changed');

    // Single use.
    await expectError(
      await call('/api/v1/auth/password-reset/confirm', {
        body: {
          token,
          password: 'Another-fresh-passphrase-7',
          confirmPassword: 'Another-fresh-passphrase-7',
        },
      }),
      400,
      'invalid_token',
    );
  });

  it('confirms the email of a user who never activated', async () => {
    const user = await insertUser({ confirmed: false });
    await requestReset(user.email);
    const token = await resetToken(user.email);
    await call('/api/v1/auth/password-reset/confirm', {
      body: { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    });
    expect((await userByEmail(user.email))?.emailConfirmedAt).toBeInstanceOf(Date);
  });

  it('refuses expired and unknown links', async () => {
    const user = await insertUser();
    await requestReset(user.email);
    const token = await resetToken(user.email);
    await db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailTokens.userId, user.userId));
    const body = { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    await expectError(
      await call('/api/v1/auth/password-reset/confirm', { body }),
      400,
      'invalid_token',
    );
    await expectError(
      await call('/api/v1/auth/password-reset/confirm', {
        body: { ...body, token: 'y'.repeat(43) },
      }),
      400,
      'invalid_token',
    );
  });

  it('checks the password rules without using up the link', async () => {
    const user = await insertUser();
    await requestReset(user.email);
    const token = await resetToken(user.email);
    const confirm = (password: string, confirmPassword = password) =>
      call('/api/v1/auth/password-reset/confirm', { body: { token, password, confirmPassword } });

    await expectInvalid(await confirm('Short-pw-1'), 'password');
    await expectInvalid(await confirm('k'.repeat(257)), 'password');
    await expectInvalid(await confirm('Password1234!'), 'password');
    // Personal information is checked against the user the link belongs to.
    const local = user.email.split('@')[0] ?? '';
    await expectInvalid(await confirm(`${local}!!`), 'password');
    await expectInvalid(await confirm(NEW_PASSWORD, `${NEW_PASSWORD}x`), 'confirmPassword');
    await expectInvalid(
      await call('/api/v1/auth/password-reset/confirm', {
        body: { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      }),
      'token',
    );
    expect((await confirm(NEW_PASSWORD)).status).toBe(200);
  });
});

describe('POST /api/v1/me/password', () => {
  const change = (session: string, body: Record<string, unknown>) =>
    call('/api/v1/me/password', { session, body, ip: uniqueIp() });

  it('changes the password, keeps this session and signs out the others', async () => {
    const user = await insertUser();
    const mine = await signIn(user);
    const other = await signIn(user);
    const res = await change(mine, {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ changed: true });
    expect((await call('/api/v1/me', { session: mine })).status).toBe(200);
    await expectError(await call('/api/v1/me', { session: other }), 401, 'unauthenticated');
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.userId))).toHaveLength(
      1,
    );
    expect(await signIn({ email: user.email, password: NEW_PASSWORD })).toBeTruthy();
    expect((await mailsTo(user.email))[0]?.subject).toBe('Your Bulwark password was changed');
  });

  it('refuses a wrong current password, and counts it towards the lock', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const body = {
      currentPassword: 'Not-my-password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      await expectError(await change(session, body), 400, 'invalid_current_password');
    }
    await expectError(
      await change(session, { ...body, currentPassword: user.password }),
      429,
      'too_many_attempts',
    );
  });

  it('applies the password rules to the new password', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const attempt = (newPassword: string, confirmPassword = newPassword) =>
      change(session, { currentPassword: user.password, newPassword, confirmPassword });
    await expectInvalid(await attempt('Short-pw-1'), 'newPassword');
    await expectInvalid(await attempt('qwerty123456'), 'newPassword');
    await expectInvalid(await attempt(`${user.email}x`), 'newPassword');
    await expectInvalid(await attempt(user.password), 'newPassword');
    await expectInvalid(await attempt(NEW_PASSWORD, 'different-confirmation'), 'confirmPassword');
    await expectInvalid(
      await change(session, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      'currentPassword',
    );
  });

  it('needs a portal session: API tokens and anonymous callers are refused', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const token = await createToken(session, []);
    const body = {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    };
    await expectError(
      await call('/api/v1/me/password', { token: token.secret, body }),
      403,
      'forbidden',
    );
    await expectError(await call('/api/v1/me/password', { body }), 401, 'unauthenticated');
  });
});
