/** The real clock's wait; Graph helpers take a `sleep` option so tests can pass a fake one. */
export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
