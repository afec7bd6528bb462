import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../workers/domain/common-passwords.ts';
import { checkPassword } from '../../workers/domain/password-policy.ts';

const person = { email: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Hopper' };

describe('password policy', () => {
  it('accepts ordinary passphrases, including the demo password', () => {
    expect(checkPassword('correct horse battery staple')).toBeNull();
    expect(checkPassword('Lantern-orchard-pebble-58', person)).toBeNull();
    expect(
      checkPassword('Demo-Bulwark-Backup-2026', {
        email: 'demo@bulwark.example',
        firstName: 'Demo',
      }),
    ).toBeNull();
  });

  it('needs 12 characters, counted in code points after NFKC', () => {
    expect(checkPassword('Xk9#mQ2$vL7')).toBe('too_short');
    expect(checkPassword('Xk9#mQ2$vL7!')).toBeNull();
    // Six emoji are 12 UTF-16 units but only 6 characters.
    expect(checkPassword('🦊🐢🦉🐝🦋🐙')).toBe('too_short');
  });

  it('allows long passphrases up to 256 characters', () => {
    const words = 'river stone maple quartz lantern orchard '.repeat(7);
    expect(checkPassword(words.slice(0, 80))).toBeNull();
    expect(checkPassword(words.slice(0, 256))).toBeNull();
    expect(checkPassword(words.slice(0, 257))).toBe('too_long');
  });

  it('rejects common passwords, decorated and case-insensitively', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(1000);
    expect(checkPassword('passwordpassword')).toBe('too_common');
    expect(checkPassword('Password1234')).toBe('too_common');
    expect(checkPassword('P@ssw0rd-2024!')).toBe('too_common');
    expect(checkPassword('ILOVEYOU!!2024')).toBe('too_common');
    expect(checkPassword('monkeymonkeymonkey')).toBe('too_common');
    expect(checkPassword('qwerty123456')).toBe('too_common');
  });

  it('rejects keyboard walks, runs and low variety', () => {
    expect(checkPassword('3456789012345')).toBe('too_predictable');
    expect(checkPassword('zyxwvutsrqponm')).toBe('too_predictable');
    expect(checkPassword('asdfghjklzxc')).toBe('too_predictable');
    expect(checkPassword('abababababab')).toBe('too_predictable');
  });

  it('rejects the user’s own email or name, decorated', () => {
    expect(checkPassword('grace.hopper@example.com', person)).toBe('contains_personal_info');
    expect(checkPassword('GraceHopper1906!', person)).toBe('contains_personal_info');
    expect(checkPassword('hopper-grace-2024', person)).toBe('contains_personal_info');
    expect(checkPassword('my grace.hopper@example.com', person)).toBe('contains_personal_info');
    // A real passphrase that merely contains a name is fine.
    expect(checkPassword('Grace sails the harbour at dawn', person)).toBeNull();
  });
});
