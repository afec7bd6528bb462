import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailTokens, loginThrottle, securityAuditLog, sessions } from '../../workers/db/schema';
import { PASSWORD_PROBLEM_MESSAGES } from '../../workers/domain/password-policy';
import { sha256Hex } from '../../workers/domain/secrets';
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_RESET_EMAILS_PER_ADDRESS,
} from '../../workers/services/auth/throttle';
import {
  call,
  callAndSettle,
  expectError,
  expectInvalid,
  sessionFrom,
  uniqueEmail,
  uniqueIp,
} from './support/api';
import {
  createToken,
  db,
  insertUser,
  mailsTo,
  signIn,
  tokenFromMail,
  userByEmail,
} from './support/fixtures';

const NEW_PASSWORD = 'Quiet-harbour-window-93';

/** Requests a reset and returns once the deferred lookup, mail and audit row are done. */
async function requestReset(email: string, ip = uniqueIp()): Promise<Response> {
  return callAndSettle('/api/v1/auth/password-reset', { body: { email }, ip });
}

async function resetToken(email: string): Promise<string> {
  const [mail, ...older] = await mailsTo(email);
  expect(older).toHaveLength(0);
  return tokenFromMail(mail?.text ?? '', '/reset-password');
}

const change = (session: string, body: Record<string, unknown>) =>
  call('/api/v1/me/password', { session, body, ip: uniqueIp() });

const resetAudit = (email: string) =>
  db
    .select()
    .from(securityAuditLog)
    .where(
      and(
        eq(securityAuditLog.email, email),
        eq(securityAuditLog.event, 'password_reset_requested'),
      ),
    );

describe('POST /api/v1/auth/password-reset', () => {
  it('answers 202 and mails a one-hour link to a registered address', async () => {
    const user = await insertUser();
    const res = await requestReset(user.email.toUpperCase());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    const mails = await mailsTo(user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('Reset your Bulwark password');
    expect(mail?.text).toMatch(/https:\/\/bulwark\.test\/reset-password\?token=[A-Za-z0-9_-]{43}/);
    expect(mail?.html).toContain('/reset-password?token=');

    const [row] = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.userId));
    const ttl = (row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0);
    expect(ttl).toBe(60 * 60 * 1000);
    expect((await resetAudit(user.email)).map((a) => [a.outcome, a.userId])).toEqual([
      ['success', user.userId],
    ]);
  });

  it('answers exactly the same for an unknown address and sends nothing', async () => {
    const email = uniqueEmail('unknown');
    const res = await requestReset(email);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    // callAndSettle returned after the deferred work: it ran, and sent nothing.
    expect(await mailsTo(email)).toHaveLength(0);
    expect((await resetAudit(email)).map((a) => [a.outcome, a.reason, a.userId])).toEqual([
      ['failure', 'unknown_email', null],
    ]);
  });

  it(`sends at most ${MAX_RESET_EMAILS_PER_ADDRESS} emails per address per window`, async () => {
    const user = await insertUser();
    for (let i = 0; i < MAX_RESET_EMAILS_PER_ADDRESS + 2; i++) {
      expect((await requestReset(user.email)).status).toBe(202);
    }
    expect(await mailsTo(user.email)).toHaveLength(MAX_RESET_EMAILS_PER_ADDRESS);
    const outcomes = (await resetAudit(user.email)).map((a) => a.outcome).sort();
    expect(outcomes).toEqual([
      ...Array<string>(MAX_RESET_EMAILS_PER_ADDRESS).fill('success'),
      'throttled',
      'throttled',
    ]);
  });

  it('keeps the cap under parallel requests', async () => {
    const user = await insertUser();
    const responses = await Promise.all(
      Array.from({ length: MAX_RESET_EMAILS_PER_ADDRESS + 5 }, () => requestReset(user.email)),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 202));
    expect(await mailsTo(user.email)).toHaveLength(MAX_RESET_EMAILS_PER_ADDRESS);
    const throttled = (await resetAudit(user.email)).filter((a) => a.outcome === 'throttled');
    expect(throttled).toHaveLength(5);
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
  it('changes the password, ends every session and rotates the caller’s', async () => {
    const user = await insertUser();
    const mine = await signIn(user);
    const other = await signIn(user);
    const [before] = await db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, await sha256Hex(mine)));
    const res = await change(mine, {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ changed: true });

    // A new cookie for a new session row; the old id and both old cookies are dead.
    const rotated = sessionFrom(res);
    expect(rotated).not.toBe(mine);
    expect((await call('/api/v1/me', { session: rotated })).status).toBe(200);
    await expectError(await call('/api/v1/me', { session: mine }), 401, 'unauthenticated');
    await expectError(await call('/api/v1/me', { session: other }), 401, 'unauthenticated');
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(await sha256Hex(rotated));
    expect(rows[0]?.id).not.toBe(before?.id);

    expect(await signIn({ email: user.email, password: NEW_PASSWORD })).toBeTruthy();
    expect((await mailsTo(user.email))[0]?.subject).toBe('Your Bulwark password was changed');
    const audit = await db
      .select()
      .from(securityAuditLog)
      .where(
        and(
          eq(securityAuditLog.userId, user.userId),
          eq(securityAuditLog.event, 'password_changed'),
        ),
      );
    expect(audit.map((a) => a.outcome)).toEqual(['success']);
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

  it('counts parallel wrong current passwords before checking them', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    const body = {
      currentPassword: 'Not-my-password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    };
    const responses = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_EMAIL + 5 }, () => change(session, body)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([
      ...Array<number>(MAX_FAILURES_PER_EMAIL).fill(400),
      ...Array<number>(5).fill(429),
    ]);
  });

  it('does not count the right current password', async () => {
    const user = await insertUser();
    let session = await signIn(user);
    const wrong = {
      currentPassword: 'Not-my-password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await change(session, wrong);
    const res = await change(session, { ...wrong, currentPassword: user.password });
    expect(res.status).toBe(200);
    session = sessionFrom(res);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) {
      await expectError(await change(session, wrong), 400, 'invalid_current_password');
    }
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

describe('one password policy for sign-up, reset and change', () => {
  it('reports each rule once, with the same message on every route', async () => {
    const user = await insertUser();
    const session = await signIn(user);
    await requestReset(user.email);
    const token = await resetToken(user.email);

    const routes = {
      signup: (password: string) =>
        call('/api/v1/auth/signup', {
          ip: uniqueIp(),
          body: {
            firstName: 'Ada',
            lastName: 'Lovelace',
            email: uniqueEmail('policy'),
            password,
            confirmPassword: password,
            region: 'uk',
          },
        }),
      reset: (password: string) =>
        call('/api/v1/auth/password-reset/confirm', {
          body: { token, password, confirmPassword: password },
        }),
      change: (newPassword: string) =>
        change(session, {
          currentPassword: user.password,
          newPassword,
          confirmPassword: newPassword,
        }),
    };
    const field = { signup: 'password', reset: 'password', change: 'newPassword' };
    const cases: Array<[string, keyof typeof PASSWORD_PROBLEM_MESSAGES]> = [
      ['Short-pw-1', 'too_short'],
      ['k'.repeat(257), 'too_long'],
      ['Password1234!', 'too_common'],
      ['qwertyuiopasd', 'too_predictable'],
    ];
    for (const [password, problem] of cases) {
      for (const [name, send] of Object.entries(routes) as [
        keyof typeof routes,
        typeof routes.signup,
      ][]) {
        const body = await expectError(await send(password), 400, 'validation_failed');
        const details = body.error.details?.filter((d) => d.path === field[name]) ?? [];
        expect(details, `${name} ${problem}`).toEqual([
          { path: field[name], message: PASSWORD_PROBLEM_MESSAGES[problem] },
        ]);
      }
    }
  });
});
