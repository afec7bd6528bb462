import { describe, expect, it } from 'vitest';
import {
  CURRENT_HASH_PARAMS,
  hashPassword,
  parsePasswordHash,
  PBKDF2_MAX_ITERATIONS,
  verifyPassword,
} from '../../workers/domain/password-hash.ts';

// Low iteration counts keep these tests fast; the format and logic are the same.
const FAST = { iterations: 1_000 };

describe('password hash format', () => {
  it('stores pbkdf2-sha256$<iterations>$<salt b64>$<hash b64> with a 16-byte salt', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    const parsed = parsePasswordHash(stored);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.hash).toHaveLength(32);
  });

  it('uses the production cap of 100,000 iterations by default', () => {
    expect(PBKDF2_MAX_ITERATIONS).toBe(100_000);
    expect(CURRENT_HASH_PARAMS.iterations).toBe(100_000);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password here', FAST);
    const b = await hashPassword('same password here', FAST);
    expect(a).not.toBe(b);
  });

  it('rejects malformed and out-of-range stored values', () => {
    expect(parsePasswordHash('')).toBeNull();
    expect(parsePasswordHash('bcrypt$10$abc$def')).toBeNull();
    expect(parsePasswordHash('pbkdf2-sha256$200000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA')).toBeNull();
    expect(parsePasswordHash('pbkdf2-sha256$1000$!!!$???')).toBeNull();
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses others', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    expect(await verifyPassword('correct horse battery staple', stored, FAST)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect((await verifyPassword('correct horse battery stapler', stored, FAST)).ok).toBe(false);
  });

  it('asks for a rehash when the stored parameters are not the current ones', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    const verdict = await verifyPassword('correct horse battery staple', stored, {
      iterations: 2_000,
    });
    expect(verdict).toEqual({ ok: true, needsRehash: true });
  });

  it('treats canonically equivalent Unicode input as the same password', async () => {
    const stored = await hashPassword('café au lait please', FAST);
    const decomposed = 'cafe\u0301 au lait please';
    expect((await verifyPassword(decomposed, stored, FAST)).ok).toBe(true);
  });

  it('fails closed on a corrupt stored hash', async () => {
    expect(await verifyPassword('anything at all', 'garbage', FAST)).toEqual({
      ok: false,
      needsRehash: false,
    });
  });
});
