// Relative imports in domain/ end in `.js`: these files are also compiled under Node's ESM
// resolution by the unit tests (tsconfig.node.json), which requires explicit extensions.
import { base64ToBytes, bytesToBase64, constantTimeEqual } from './encoding.js';

/**
 * Password hashing: PBKDF2-HMAC-SHA256 through WebCrypto, the only slow hash Workers run
 * natively. Production Workers refuse more than 100,000 iterations, so that is both our
 * setting and the ceiling we accept when parsing (see docs/adr/0001-password-hashing.md).
 *
 * Stored form is self-describing — `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` — so
 * a later change of parameters is detected at sign-in and the hash is upgraded then.
 */

export const PBKDF2_MAX_ITERATIONS = 100_000;

export interface HashParams {
  iterations: number;
}

export const CURRENT_HASH_PARAMS: HashParams = { iterations: PBKDF2_MAX_ITERATIONS };

const SCHEME = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const HASH_BYTES = 32;

interface ParsedHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

/** NFKC so the same passphrase typed on different keyboards/IMEs hashes identically. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(normalizePassword(password)),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(
  password: string,
  params: HashParams = CURRENT_HASH_PARAMS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, params.iterations);
  return `${SCHEME}$${params.iterations}$${bytesToBase64(salt)}$${bytesToBase64(hash)}`;
}

export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== SCHEME) return null;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) {
    return null;
  }
  try {
    const salt = base64ToBytes(parts[2] ?? '');
    const hash = base64ToBytes(parts[3] ?? '');
    if (salt.length < SALT_BYTES || hash.length !== HASH_BYTES) return null;
    return { iterations, salt, hash };
  } catch {
    return null;
  }
}

export interface VerifyResult {
  ok: boolean;
  /** The password matched but was stored with older parameters: store a fresh hash. */
  needsRehash: boolean;
}

export async function verifyPassword(
  password: string,
  stored: string,
  current: HashParams = CURRENT_HASH_PARAMS,
): Promise<VerifyResult> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) {
    // Still spend the time of a real check so a corrupt row is not distinguishable by timing.
    await derive(password, new Uint8Array(SALT_BYTES), current.iterations);
    return { ok: false, needsRehash: false };
  }
  const candidate = await derive(password, parsed.salt, parsed.iterations);
  const ok = constantTimeEqual(candidate, parsed.hash);
  return { ok, needsRehash: ok && parsed.iterations !== current.iterations };
}

/**
 * Burns the same CPU as a real verification. Used when the email is unknown, so a sign-in
 * for a non-existent user takes as long as one with a wrong password.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  await derive(password, new Uint8Array(SALT_BYTES), CURRENT_HASH_PARAMS.iterations);
}
