import path from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';

const config = path.resolve(import.meta.dirname, '../../wrangler.toml');

interface QueueConfig {
  producers?: { queue: string }[];
  consumers?: { queue: string; max_retries?: number; dead_letter_queue?: string }[];
}

// The consumer never acknowledges a message it could not handle: it retries, relying on
// Cloudflare to move the message to a dead-letter queue after max_retries, whose consumer
// records it (workers/queues/handler.ts). That guarantee lives in wrangler.toml.
describe.each([
  ['development', undefined],
  ['production', 'production'],
])('wrangler.toml queues (%s)', (_name, env) => {
  const queues = unstable_readConfig({ config, env }).queues as QueueConfig;
  const consumers = new Map((queues.consumers ?? []).map((c) => [c.queue, c]));

  it.each(['backup-work', 'recovery-work'])(
    '%s retries a bounded number of times into a consumed dead-letter queue',
    (queue) => {
      const consumer = consumers.get(queue);
      expect(consumer?.dead_letter_queue).toBe(`${queue}-dlq`);
      expect(consumer?.max_retries).toBeGreaterThan(0);
      expect(consumers.has(`${queue}-dlq`)).toBe(true);
      expect(queues.producers?.some((p) => p.queue === queue)).toBe(true);
    },
  );
});
