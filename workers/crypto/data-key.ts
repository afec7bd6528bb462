import { base64ToBytes, bytesToBase64 } from '../domain/encoding';
import { CryptoError } from './errors';
import { EntityKeys } from './entity-keys';

/**
 * Per-entity data keys, wrapped by the key-encryption key (KEK, a Worker secret). Only the
 * wrapped form is ever stored (in the entity's catalog), so deleting it — or the KEK —
 * crypto-shreds the entity's blobs.
 *
 * Wrapped format: `dk1.` + base64(iv[12] ‖ AES-256-GCM(KEK, dataKey[32])). AES-GCM rather
 * than AES-KW because the raw key must be recovered to derive sub-keys with HKDF, and the
 * prefix lets a future format (or KEK rotation) coexist with stored keys.
 */
const WRAP_PREFIX = 'dk1.';
const WRAP_AAD = new TextEncoder().encode('bulwark/data-key/v1');
const DATA_KEY_BYTES = 32;

async function importKek(kekB64: string): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = base64ToBytes(kekB64);
  } catch {
    throw new CryptoError('the key-encryption key is not valid base64');
  }
  if (raw.byteLength !== 32) throw new CryptoError('the key-encryption key must be 32 bytes');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** A fresh random data key, wrapped under the KEK, ready to store. */
export async function generateWrappedDataKey(kekB64: string): Promise<string> {
  const kek = await importKek(kekB64);
  const dataKey = crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: WRAP_AAD }, kek, dataKey),
  );
  dataKey.fill(0);
  const out = new Uint8Array(iv.byteLength + sealed.byteLength);
  out.set(iv, 0);
  out.set(sealed, iv.byteLength);
  return WRAP_PREFIX + bytesToBase64(out);
}

/** Unwraps a stored data key; a wrong KEK or altered text fails with a CryptoError. */
export async function openDataKey(kekB64: string, wrapped: string): Promise<EntityKeys> {
  if (!wrapped.startsWith(WRAP_PREFIX)) throw new CryptoError('unknown wrapped data key format');
  const kek = await importKek(kekB64);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(wrapped.slice(WRAP_PREFIX.length));
  } catch {
    throw new CryptoError('the wrapped data key is not valid base64');
  }
  if (bytes.byteLength !== 12 + DATA_KEY_BYTES + 16) {
    throw new CryptoError('the wrapped data key has the wrong length');
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: WRAP_AAD },
        kek,
        bytes.subarray(12),
      ),
    );
  } catch {
    throw new CryptoError('cannot unwrap the data key: wrong key-encryption key or altered key');
  }
  return EntityKeys.fromRaw(raw);
}
