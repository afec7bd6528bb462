/**
 * Helpers the browser specs share: unique accounts made through the API, and the sign-up
 * body they use. The stack itself comes from harness.ts.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { linkFromMail } from './harness.ts';

/** The password every spec account signs up with. */
export const PASSWORD = 'Lantern-orchard-pebble-58';

export interface Person {
  firstName: string;
  lastName: string;
  /** A region code of A1, e.g. "eu-ie". */
  region: string;
}

export const GRACE: Person = { firstName: 'Grace', lastName: 'Hopper', region: 'eu-ie' };

/** An address no other test (or earlier run against a kept state) has used. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** The JSON body of POST /api/v1/auth/signup. */
export function signUpBody(email: string, person: Person = GRACE, password = PASSWORD): string {
  return JSON.stringify({ ...person, email, password, confirmPassword: password });
}

/** Signs up and activates an account through the API, for flows that start at Sign In. */
export async function activeAccount(
  baseUrl: string,
  tag: string,
  person: Person = GRACE,
): Promise<string> {
  const email = uniqueEmail(tag);
  const res = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: signUpBody(email, person),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const link = new URL(await linkFromMail(baseUrl, email, /activat/i));
  const activated = await fetch(`${baseUrl}/api/v1/auth/activate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token') }),
  });
  expect(activated.status).toBe(200);
  return email;
}

/** The path and query of a mailed link, opened against the stack under test. */
export function onStack(baseUrl: string, link: string): string {
  const url = new URL(link);
  return `${baseUrl}${url.pathname}${url.search}`;
}

/** Fills in and submits Sign In (the caller waits for what should follow). */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
}
