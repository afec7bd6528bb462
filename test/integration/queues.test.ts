import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import worker from '../../workers/index';

/**
 * The queue consumer: work queues validate each message against their versioned union and
 * never drop what they cannot handle (retry → dead-letter queue after max_retries);
 * dead-letter queues record each message and acknowledge it.
 */

let logs: string[] = [];
let spies: MockInstance[] = [];

beforeEach(() => {
  logs = [];
  spies = (['error', 'warn', 'log', 'info'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
    }),
  );
});

afterEach(() => {
  for (const spy of spies) spy.mockRestore();
});

const SECRET = 'mailbox-content-that-must-not-be-logged';

function batchOf(queue: string, bodies: unknown[], attempts = 1) {
  return createMessageBatch(
    queue,
    bodies.map((body, i) => ({
      id: `msg-${i}`,
      timestamp: new Date(1_700_000_000_000),
      attempts,
      body,
    })),
  );
}

async function consume(queue: string, bodies: unknown[], attempts = 1) {
  const batch = batchOf(queue, bodies, attempts);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const parsedLogs = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('work queues', () => {
  it.each(['backup-work', 'recovery-work'])(
    '%s retries messages of unknown kinds (so they reach the DLQ) and never acks them',
    async (queue) => {
      const result = await consume(queue, [
        { v: 1, kind: 'no.such.kind', secret: SECRET },
        { v: 99, kind: 'backup.run' },
        'not an object',
        null,
      ]);
      expect(result.explicitAcks).toEqual([]);
      expect(result.ackAll).toBe(false);
      expect(result.retryMessages).toEqual([
        { msgId: 'msg-0' },
        { msgId: 'msg-1' },
        { msgId: 'msg-2' },
        { msgId: 'msg-3' },
      ]);
      expect(parsedLogs()).toEqual(
        ['msg-0', 'msg-1', 'msg-2', 'msg-3'].map((id) =>
          expect.objectContaining({ event: 'queue.invalid_message', queue, id, attempts: 1 }),
        ),
      );
      expect(logs.join('\n')).not.toContain(SECRET);
    },
  );

  it('keeps messages of a queue it does not know', async () => {
    const result = await consume('some-other-queue', [{ v: 1, kind: 'x' }]);
    expect(result.retryBatch.retry).toBe(true);
    expect(result.explicitAcks).toEqual([]);
    expect(parsedLogs()).toEqual([
      expect.objectContaining({ event: 'queue.unknown_queue', queue: 'some-other-queue' }),
    ]);
  });
});

describe('dead-letter queues', () => {
  it.each(['backup-work-dlq', 'recovery-work-dlq'])(
    '%s records each dead message (queue, id, attempts; no body) and acks it',
    async (queue) => {
      const result = await consume(queue, [{ v: 1, kind: 'x', secret: SECRET }, SECRET], 6);
      expect(result.explicitAcks).toEqual(['msg-0', 'msg-1']);
      expect(result.retryMessages).toEqual([]);
      expect(parsedLogs()).toEqual([
        {
          event: 'queue.dead_letter',
          queue,
          id: 'msg-0',
          attempts: 6,
          enqueuedAt: '2023-11-14T22:13:20.000Z',
        },
        {
          event: 'queue.dead_letter',
          queue,
          id: 'msg-1',
          attempts: 6,
          enqueuedAt: '2023-11-14T22:13:20.000Z',
        },
      ]);
      expect(logs.join('\n')).not.toContain(SECRET);
    },
  );
});
