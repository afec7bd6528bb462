import { DrizzleQueryError, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { errorForLog } from '../../workers/log';
import { callAndSettle, expectError, uniqueEmail } from './support/api';
import { db } from './support/fixtures';

/**
 * Failing queries are logged without their bound parameters: drizzle's error message
 * carries them (emails, IPs, hashes), and logs leave the security boundary.
 */

const IP = '203.0.113.77';
const PASSWORD = 'Hunter-secret-passphrase-99';

let consoleError: MockInstance<typeof console.error>;

beforeEach(async () => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  // Make every query on users fail (storage is isolated per test file).
  await db.run(sql`ALTER TABLE users RENAME TO users_hidden`);
});

afterEach(async () => {
  consoleError.mockRestore();
  await db.run(sql`ALTER TABLE users_hidden RENAME TO users`);
});

function loggedEvent(event: string): { line: string; fields: Record<string, unknown> } {
  const line = consoleError.mock.calls
    .map((args) => args.map(String).join(' '))
    .find((l) => l.includes(`"event":"${event}"`));
  if (!line) throw new Error(`no ${event} line in ${JSON.stringify(consoleError.mock.calls)}`);
  return { line, fields: JSON.parse(line) as Record<string, unknown> };
}

describe('error logs', () => {
  it('name the failing SQL and the driver’s reason, not the parameters (request errors)', async () => {
    const email = uniqueEmail('private-person');
    const res = await callAndSettle('/api/v1/auth/signup', {
      ip: IP,
      body: {
        firstName: 'Private',
        lastName: 'Person',
        email,
        password: PASSWORD,
        confirmPassword: PASSWORD,
        region: 'uk',
      },
    });
    await expectError(res, 500, 'internal');
    const { line, fields } = loggedEvent('unhandled_error');
    expect(fields).toMatchObject({
      name: 'DrizzleQueryError',
      query: expect.stringContaining('from "users"'),
      cause: { message: expect.stringContaining('no such table') },
    });
    for (const secret of [email, IP, PASSWORD]) expect(line).not.toContain(secret);
  });

  it('do the same for work deferred after the response', async () => {
    const email = uniqueEmail('private-reset');
    const res = await callAndSettle('/api/v1/auth/password-reset', { ip: IP, body: { email } });
    expect(res.status).toBe(202);
    const { line, fields } = loggedEvent('deferred_task_failed');
    expect(fields.error).toMatchObject({
      name: 'DrizzleQueryError',
      query: expect.stringContaining('from "users"'),
    });
    for (const secret of [email, IP]) expect(line).not.toContain(secret);
  });

  it('keep the message of other errors', () => {
    const cause = new Error('D1_ERROR: UNIQUE constraint failed: users.email');
    const wrapped = new DrizzleQueryError('insert into "users" values (?)', ['a@b.example'], cause);
    const logged = errorForLog(wrapped);
    expect(logged).toMatchObject({
      query: 'insert into "users" values (?)',
      cause: { message: cause.message },
    });
    expect(JSON.stringify(logged)).not.toContain('a@b.example');
    expect(errorForLog(new TypeError('boom'))).toMatchObject({
      name: 'TypeError',
      message: 'boom',
    });
  });
});
