import { describe, expect, it } from 'vitest';
import { gateLargeBody, MemoryGate } from '../../workers/backup/memory-gate.ts';

function source(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
}

async function drain(body: ReadableStream<Uint8Array>, onChunk: () => void): Promise<number> {
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return total;
    total += value.byteLength;
    onChunk();
  }
}

describe('MemoryGate', () => {
  it('lets small bodies through side by side', async () => {
    const gate = new MemoryGate();
    const a = gateLargeBody(source(2, 10), gate, 100);
    const b = gateLargeBody(source(2, 10), gate, 100);
    expect(await Promise.all([drain(a.body, () => {}), drain(b.body, () => {})])).toEqual([20, 20]);
  });

  it('admits one large body at a time: the second waits until the first is released', async () => {
    const gate = new MemoryGate();
    const events: string[] = [];
    const first = gateLargeBody(source(4, 50), gate, 60);
    const second = gateLargeBody(source(4, 50), gate, 60);
    const firstDone = drain(first.body, () => events.push('first'));
    const secondDone = drain(second.body, () => events.push('second'));
    expect(await Promise.all([firstDone, secondDone])).toEqual([200, 200]);
    // Past the threshold (its second chunk) the second body only continues once the first
    // has been read to its end, which releases the gate.
    const released = events.lastIndexOf('first');
    const secondChunks = events.map((e, i) => [e, i] as const).filter(([e]) => e === 'second');
    expect(secondChunks.length).toBe(4);
    expect(secondChunks[1]![1]).toBeGreaterThan(released);
  });

  it('a body that errors or is cancelled releases the gate for the next', async () => {
    const gate = new MemoryGate();
    const first = gateLargeBody(source(4, 50), gate, 60);
    const reader = first.body.getReader();
    await reader.read();
    await reader.read(); // holds the gate now
    await reader.cancel('failed');
    const second = gateLargeBody(source(4, 50), gate, 60);
    expect(await drain(second.body, () => {})).toBe(200);
  });
});
