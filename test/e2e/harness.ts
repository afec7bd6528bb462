/**
 * Browser-test harness. Specs (`test/e2e/*.spec.ts`) run with `npx vitest run -c
 * vitest.e2e.config.ts` (or `npm run test:e2e`); the web build must exist (`npx vite build`).
 * The global setup starts one local stack; `startStack()` hands specs its URL.
 */
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumArgs, ensureChromium } from '../helpers/node/chromium.ts';

export interface Stack {
  baseUrl: string;
  simUrl: string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  // The stack is owned by the global setup, which stops it after the last spec.
  return { baseUrl: inject('baseUrl'), simUrl: inject('simUrl'), stop: async () => {} };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
}

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/** Messages the local outbox holds for `to`, newest first. */
export async function readOutbox(baseUrl: string, to: string): Promise<Mail[]> {
  const res = await fetch(`${baseUrl}/dev/mail/messages`);
  if (!res.ok) throw new Error(`outbox answered ${res.status}`);
  const { messages } = (await res.json()) as { messages: Mail[] };
  return messages.filter((m) => m.to.toLowerCase() === to.toLowerCase());
}

/** Waits until the outbox holds a message for `to` matching `subject`, and returns its first link. */
export async function linkFromMail(
  baseUrl: string,
  to: string,
  subject: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await readOutbox(baseUrl, to)).find((m) => subject.test(m.subject));
    const link = mail ? /https?:\/\/\S+?(?=[\s"<]|$)/.exec(mail.text)?.[0] : undefined;
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no mail matching ${subject} for ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
