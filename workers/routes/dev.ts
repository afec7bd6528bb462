import { Hono } from 'hono';
import type { AppEnv } from '../context';
import type { OutboxMessageRow } from '../db/client';
import { escapeHtml } from '../domain/html';
import { AppError } from '../errors';
import { devOnly } from '../middleware/dev-only';
import { getOutboxMessage, listOutbox } from '../services/mail/outbox-transport';
import { seedDemoAccount } from '../services/seed';

/**
 * Development-only endpoints (not part of the public API or its OpenAPI document): the mail
 * outbox viewer used by developers and browser tests, and the demo-account seed that
 * `npm run dev` calls. All of them answer 404 unless DEV_MODE=true.
 */

function messageBody(m: OutboxMessageRow) {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    createdAt: m.createdAt.toISOString(),
  };
}

/** Text with its http(s) URLs turned into links (everything escaped). */
function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) =>
      i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part),
    )
    .join('');
}

function outboxPage(messages: OutboxMessageRow[]): string {
  const items = messages
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2>` +
        `<p>To: ${escapeHtml(m.to)} · ${escapeHtml(m.createdAt.toISOString())} · ` +
        `<a href="/dev/mail/messages/${encodeURIComponent(m.id)}">JSON</a></p>` +
        `<pre>${linkify(m.text)}</pre></article><hr>`,
    )
    .join('');
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bulwark dev mail</title></head>' +
    `<body><h1>Outbox (${messages.length})</h1>${items || '<p>No messages yet.</p>'}</body></html>`
  );
}

export const devRoutes = new Hono<AppEnv>()
  .use('*', devOnly)
  .get('/mail', async (c) => c.html(outboxPage(await listOutbox(c.var.deps.db))))
  .get('/mail/messages', async (c) => {
    const messages = await listOutbox(c.var.deps.db);
    return c.json({ messages: messages.map(messageBody) }, 200);
  })
  .get('/mail/messages/:id', async (c) => {
    const message = await getOutboxMessage(c.var.deps.db, c.req.param('id'));
    if (!message) throw new AppError('not_found', 'Message not found.');
    return c.json(messageBody(message), 200);
  })
  .post('/seed', async (c) => c.json(await seedDemoAccount(c.var.deps), 200));
