// Relative imports in domain/ end in `.js`: these files are also compiled under Node's ESM
// resolution by the unit tests (tsconfig.node.json), which requires explicit extensions.
import { bytesToBase64Url, bytesToHex } from './encoding.js';

/**
 * Random secrets and their stored digests. Secrets handed to users (session cookies, API
 * tokens, emailed links) carry 256 bits of randomness, so a fast digest is enough to store
 * them: there is nothing to brute-force, unlike passwords.
 */

export function randomSecret(bytes = 32): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return bytesToHex(new Uint8Array(digest));
}

export async function hmacSha256Hex(key: string, text: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(text));
  return bytesToHex(new Uint8Array(mac));
}

/** API token format: `bwk_` + 43 base64url characters (32 random bytes). */
export const API_TOKEN_PREFIX = 'bwk_';
export const API_TOKEN_PATTERN = /^bwk_[A-Za-z0-9_-]{43}$/;
/** How much of a token is shown in lists: the `bwk_` marker plus 8 random characters. */
export const API_TOKEN_DISPLAY_LENGTH = 12;

export function newApiTokenSecret(): string {
  return API_TOKEN_PREFIX + randomSecret(32);
}
