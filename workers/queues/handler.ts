import type { z } from 'zod';
import { recordDeadPart } from '../backup/dead-part';
import { RetryLater, runBackupPart } from '../backup/part-runner';
import { errorForLog } from '../log';
import { BackupWorkMessage, RecoveryWorkMessage } from './messages';

/**
 * Queue consumer entry (wrangler.toml binds it to every queue). Work queues validate each
 * message against their versioned union (messages.ts) and dispatch it; dead-letter queues
 * record what died there. Nothing is ever acknowledged without being either handled or
 * recorded: a message that cannot be handled is retried, and after `max_retries` Cloudflare
 * moves it to the queue's dead-letter queue, whose consumer logs it.
 */

/** A queue's schema and handler; the handler only ever sees bodies its schema accepted. */
interface WorkQueue {
  schema: z.ZodType<unknown>;
  handle(message: unknown, env: Env, ctx: ExecutionContext): Promise<void>;
}

function workQueue<T>(
  schema: z.ZodType<T>,
  handle: (message: T, env: Env, ctx: ExecutionContext) => Promise<void>,
): WorkQueue {
  return { schema, handle: (message, env, ctx) => handle(message as T, env, ctx) };
}

const WORK_QUEUES: Record<string, WorkQueue> = {
  'backup-work': workQueue(BackupWorkMessage, async (message, env) => {
    switch (message.kind) {
      case 'backup.part':
        return runBackupPart(message, env);
    }
  }),
  // Recovery work arrives with the recovery issue; until then nothing parses, so nothing runs.
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
    await recordDeadLetters(batch, env);
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
  // Messages of a batch are independent parts (the coordinator keeps one part per entity in
  // flight), so they run side by side; each is acked or retried on its own.
  await Promise.all(
    batch.messages.map((message) => handleOne(batch.queue, queue, message, env, ctx)),
  );
}

async function handleOne(
  queueName: string,
  queue: WorkQueue,
  message: Message<unknown>,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  {
    const parsed = queue.schema.safeParse(message.body);
    if (!parsed.success) {
      // Permanent (no retry makes it valid), but retrying is how a message reaches the
      // dead-letter queue, where it is recorded; acknowledging would lose it silently.
      console.warn(
        JSON.stringify({
          event: 'queue.invalid_message',
          queue: queueName,
          id: message.id,
          attempts: message.attempts,
          // Paths and codes only: issue messages and bodies may quote the content.
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
        }),
      );
      message.retry();
      return;
    }
    try {
      await queue.handle(parsed.data, env, ctx);
      message.ack();
    } catch (error) {
      console.error(
        JSON.stringify({
          event: 'queue.handler_failed',
          queue: queueName,
          id: message.id,
          attempts: message.attempts,
          error: errorForLog(error),
        }),
      );
      // Honour a Retry-After longer than the client waits in-line (capped by Queues at 12 h).
      if (error instanceof RetryLater)
        message.retry({ delaySeconds: Math.min(error.delaySeconds, 43_200) });
      else message.retry();
    }
  }
}

/**
 * One structured line per dead message (never its body: it may hold tenant data). A dead
 * backup part also ends its sub-service in the run with the reason it kept failing, so the
 * snapshot is partial or failed — never silently missing. Acked once recorded.
 */
async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const work = BackupWorkMessage.safeParse(message.body);
    if (batch.queue === 'backup-work-dlq' && work.success) {
      try {
        await recordDeadPart(work.data, env, message.attempts);
      } catch (error) {
        console.error(
          JSON.stringify({
            event: 'queue.dead_letter_record_failed',
            id: message.id,
            error: errorForLog(error),
          }),
        );
        message.retry();
        continue;
      }
    }
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
