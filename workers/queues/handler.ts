import type { z } from 'zod';
import { errorForLog } from '../log';
import { BackupWorkMessage, RecoveryWorkMessage } from './messages';

/**
 * Queue consumer entry (wrangler.toml binds it to every queue). Work queues validate each
 * message against their versioned union (messages.ts) and dispatch it; dead-letter queues
 * record what died there. Nothing is ever acknowledged without being either handled or
 * recorded: a message that cannot be handled is retried, and after `max_retries` Cloudflare
 * moves it to the queue's dead-letter queue, whose consumer logs it.
 */

interface WorkQueue<T> {
  schema: z.ZodType<T>;
  handle(message: T, env: Env, ctx: ExecutionContext): Promise<void>;
}

function workQueue<T>(schema: z.ZodType<T>, handle: WorkQueue<T>['handle']): WorkQueue<T> {
  return { schema, handle };
}

// Handlers arrive with the first message kinds; until then nothing parses, so nothing runs.
const WORK_QUEUES: Record<string, WorkQueue<never>> = {
  'backup-work': workQueue(BackupWorkMessage, async () => {}),
  'recovery-work': workQueue(RecoveryWorkMessage, async () => {}),
};

export const DEAD_LETTER_QUEUES: ReadonlySet<string> = new Set([
  'backup-work-dlq',
  'recovery-work-dlq',
]);

export async function handleQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  if (DEAD_LETTER_QUEUES.has(batch.queue)) {
    recordDeadLetters(batch);
    return;
  }
  const queue = WORK_QUEUES[batch.queue];
  if (!queue) {
    // A consumer binding this code does not know: keep the messages (retry → the queue's
    // dead-letter queue) rather than drop work nobody has looked at.
    console.error(JSON.stringify({ event: 'queue.unknown_queue', queue: batch.queue }));
    batch.retryAll();
    return;
  }
  for (const message of batch.messages) {
    const parsed = queue.schema.safeParse(message.body);
    if (!parsed.success) {
      // Permanent (no retry makes it valid), but retrying is how a message reaches the
      // dead-letter queue, where it is recorded; acknowledging would lose it silently.
      console.warn(
        JSON.stringify({
          event: 'queue.invalid_message',
          queue: batch.queue,
          id: message.id,
          attempts: message.attempts,
          // Paths and codes only: issue messages and bodies may quote the content.
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
        }),
      );
      message.retry();
      continue;
    }
    try {
      await queue.handle(parsed.data, env, ctx);
      message.ack();
    } catch (error) {
      console.error(
        JSON.stringify({
          event: 'queue.handler_failed',
          queue: batch.queue,
          id: message.id,
          attempts: message.attempts,
          error: errorForLog(error),
        }),
      );
      message.retry();
    }
  }
}

/** One structured line per dead message (never its body: it may hold tenant data), then ack. */
function recordDeadLetters(batch: MessageBatch<unknown>): void {
  for (const message of batch.messages) {
    console.error(
      JSON.stringify({
        event: 'queue.dead_letter',
        queue: batch.queue,
        id: message.id,
        attempts: message.attempts,
        enqueuedAt: message.timestamp.toISOString(),
      }),
    );
    message.ack();
  }
}
