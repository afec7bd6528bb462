import { desc, eq, sql } from 'drizzle-orm';
import type { Db, OutboxMessageRow } from '../../db/client';
import { outboxMessages } from '../../db/schema';
import type { MailMessage, Mailer } from './mailer';

/** Development/test transport: keeps every message in D1 for /dev/mail and tests to read. */
export class OutboxTransport implements Mailer {
  constructor(
    private readonly db: Db,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await this.db.insert(outboxMessages).values({
      id: crypto.randomUUID(),
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      createdAt: new Date(),
    });
  }
}

export async function listOutbox(db: Db, limit = 100): Promise<OutboxMessageRow[]> {
  return db
    .select()
    .from(outboxMessages)
    .orderBy(desc(outboxMessages.createdAt), desc(sql`rowid`)) // rowid: insertion order breaks ties
    .limit(limit);
}

export async function getOutboxMessage(db: Db, id: string): Promise<OutboxMessageRow | undefined> {
  return db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get();
}
