import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailTokens, users } from '../../workers/db/schema';
import { sha256Hex } from '../../workers/domain/secrets';
import { call, expectError, expectInvalid, uniqueEmail } from './support/api';
import { db, mailsTo, PASSWORD, tokenFromMail, userByEmail } from './support/fixtures';

async function signUp(): Promise<{ email: string; token: string }> {
  const email = uniqueEmail('activate');
  const res = await call('/api/v1/auth/signup', {
    body: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email,
      password: PASSWORD,
      confirmPassword: PASSWORD,
      region: 'us',
    },
  });
  expect(res.status).toBe(201);
  const [mail] = await mailsTo(email);
  return { email, token: tokenFromMail(mail?.text ?? '', '/activate') };
}

describe('POST /api/v1/auth/activate', () => {
  it('confirms the address once; then sign-in works', async () => {
    const { email, token } = await signUp();
    const before = await call('/api/v1/auth/signin', { body: { email, password: PASSWORD } });
    await expectError(before, 403, 'email_not_confirmed');

    const res = await call('/api/v1/auth/activate', { body: { token } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ activated: true, email });
    expect((await userByEmail(email))?.emailConfirmedAt).toBeInstanceOf(Date);

    const after = await call('/api/v1/auth/signin', { body: { email, password: PASSWORD } });
    expect(after.status).toBe(200);

    await expectError(
      await call('/api/v1/auth/activate', { body: { token } }),
      400,
      'invalid_token',
    );
  });

  it('stores only a hash of the emailed token', async () => {
    const { email, token } = await signUp();
    const user = await userByEmail(email);
    const rows = await db
      .select()
      .from(emailTokens)
      .where(eq(emailTokens.userId, user?.id ?? ''));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(await sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses unknown and expired tokens', async () => {
    await expectError(
      await call('/api/v1/auth/activate', { body: { token: 'x'.repeat(43) } }),
      400,
      'invalid_token',
    );
    const { email, token } = await signUp();
    const user = await userByEmail(email);
    await db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailTokens.userId, user?.id ?? ''));
    await expectError(
      await call('/api/v1/auth/activate', { body: { token } }),
      400,
      'invalid_token',
    );
    expect(
      (await db.select().from(users).where(eq(users.email, email)).get())?.emailConfirmedAt,
    ).toBeNull();
  });

  it('only honours the latest link after a resend', async () => {
    const { email, token: first } = await signUp();
    await call('/api/v1/auth/signup', {
      body: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email,
        password: PASSWORD,
        confirmPassword: PASSWORD,
        region: 'us',
      },
    });
    const [latest] = await mailsTo(email);
    const second = tokenFromMail(latest?.text ?? '', '/activate');
    expect(second).not.toBe(first);
    await expectError(
      await call('/api/v1/auth/activate', { body: { token: first } }),
      400,
      'invalid_token',
    );
    expect((await call('/api/v1/auth/activate', { body: { token: second } })).status).toBe(200);
  });

  it('validates the body', async () => {
    await expectInvalid(await call('/api/v1/auth/activate', { body: {} }), 'token');
    await expectInvalid(await call('/api/v1/auth/activate', { body: { token: '' } }), 'token');
    await expectInvalid(
      await call('/api/v1/auth/activate', { body: { token: 'x'.repeat(257) } }),
      'token',
    );
  });
});
