import { base64ToBytes, bytesToBase64Url } from '../domain/encoding';
import { AppError } from '../errors';

/**
 * Keyset-paging cursors: the sort key of a page's last row as base64url JSON, opaque to
 * clients. The JSON goes through UTF-8 because keys hold names in any script, which `btoa`
 * alone refuses (it takes Latin-1 only).
 */
export function encodeCursor(key: readonly unknown[]): string {
  return bytesToBase64Url(new TextEncoder().encode(JSON.stringify(key)));
}

/** The key a cursor holds when `isKey` accepts it; anything else is a 400 on `cursor`. */
export function decodeCursor<T>(cursor: string, isKey: (value: unknown) => value is T): T {
  try {
    const bytes = base64ToBytes(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const value: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes),
    );
    if (isKey(value)) return value;
  } catch {
    // malformed: refused below like a well-formed key of the wrong shape
  }
  throw new AppError('validation_failed', 'Some fields are invalid.', {
    details: [{ path: 'cursor', message: 'The cursor is invalid.' }],
  });
}
