/** A failed call to a region store, classified so callers know whether to retry. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }

  static fromStatus(operation: string, status: number): StorageError {
    const retryable = status === 429 || status >= 500;
    return new StorageError(`${operation} failed with HTTP ${status}`, retryable, status);
  }
}
