/**
 * Queue consumer entry. Each queue's message schema is versioned and validated; the
 * foundation declares the queues and routes batches by queue name so later work only adds
 * message kinds.
 */
export async function handleQueue(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    // No message kinds exist yet: anything that arrives is malformed by definition, so it
    // is acknowledged (never retried forever) and reported.
    console.warn(
      JSON.stringify({ event: 'queue.unknown_message', queue: batch.queue, id: message.id }),
    );
    message.ack();
  }
}
