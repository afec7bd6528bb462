/**
 * Raised for every cryptographic refusal (wrong key, tampered or truncated bytes, unknown
 * format). WebCrypto's own errors are opaque ("OperationError"), so callers get one named
 * type they can classify as permanent, never retryable.
 */
export class CryptoError extends Error {
  override name = 'CryptoError';
}
