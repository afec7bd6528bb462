/**
 * Keeps a consumer's memory bounded whatever the attachment sizes (Workers have 128 MB).
 * Items are stored up to 4 at a time (the mailbox's Graph concurrency), and the blob writer
 * buffers up to one 8 MiB chunk per item; so once an item's body passes `threshold` bytes it
 * must hold the gate, which admits one large item at a time. Small items — the vast majority
 * of mail — still go side by side; a large one waits, unread, until the previous one is done
 * (its Graph request slot was already released when the response headers arrived).
 */
export class MemoryGate {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves when the caller may proceed; call the returned function to let the next in. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => mine);
    return ready;
  }
}

export interface GatedBody {
  body: ReadableStream<Uint8Array>;
  /** Releases the gate if this body took it; safe to call more than once. */
  release(): void;
}

export function gateLargeBody(
  source: ReadableStream<Uint8Array>,
  gate: MemoryGate,
  threshold: number,
): GatedBody {
  const reader = source.getReader();
  let seen = 0;
  let held: (() => void) | undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held?.();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        release();
        controller.close();
        return;
      }
      seen += value.byteLength;
      if (seen > threshold && held === undefined && !released) held = await gate.acquire();
      controller.enqueue(value);
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
  return { body, release };
}
