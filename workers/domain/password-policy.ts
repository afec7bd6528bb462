// Relative imports in domain/ end in `.js`: these files are also compiled under Node's ESM
// resolution by the unit tests (tsconfig.node.json), which requires explicit extensions.
import { COMMON_PASSWORDS } from './common-passwords.js';
import { normalizePassword } from './password-hash.js';

/**
 * Password rules (NIST SP 800-63B style): length over composition. At least 12 characters,
 * long passphrases welcome up to 256, and rejection of passwords an attacker tries first —
 * common passwords and their decorated forms, keyboard walks and runs, and the user's own
 * name or email. Length is counted in code points after NFKC, the form that is hashed.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem =
  'too_short' | 'too_long' | 'too_common' | 'too_predictable' | 'contains_personal_info';

export interface PasswordContext {
  email?: string;
  firstName?: string;
  lastName?: string;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`,
  too_common: 'This password is too common. Choose a less predictable passphrase.',
  too_predictable: 'This password is too predictable (repeated characters or a keyboard sequence).',
  contains_personal_info: 'Password must not be based on your name or email address.',
};

// Rows and runs people type instead of a password; any password that is a slice of one of
// these (forwards or backwards) is rejected.
const SEQUENCES = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'qazwsxedcrfvtgbyhnujmikolp',
  '!@#$%^&*()_+',
];

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  $: 's',
  '5': 's',
  '0': 'o',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '7': 't',
};

const lettersOnly = (s: string) => s.replace(/[^\p{L}]/gu, '');
const lettersAndDigits = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');
const trimDecoration = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
const unLeet = (s: string) => s.replace(/[@4$50317!]/g, (ch) => LEET[ch] ?? ch);

/** True when `core` is a common password, or one repeated ("passwordpassword"). */
function isCommonCore(core: string): boolean {
  if (core.length === 0) return false;
  if (COMMON_PASSWORDS.has(core)) return true;
  for (let size = 1; size <= core.length / 2; size++) {
    if (core.length % size !== 0) continue;
    const unit = core.slice(0, size);
    if (unit.repeat(core.length / size) === core && COMMON_PASSWORDS.has(unit)) return true;
  }
  return false;
}

function isCommon(lower: string): boolean {
  const trimmed = trimDecoration(lower);
  return [lower, trimmed, unLeet(trimmed), lettersOnly(lower), lettersOnly(unLeet(trimmed))].some(
    isCommonCore,
  );
}

function isPredictable(lower: string): boolean {
  if (new Set(lower).size < 5) return true;
  const reversed = [...lower].reverse().join('');
  return SEQUENCES.some((seq) => seq.includes(lower) || seq.includes(reversed));
}

function personalWords(context: PasswordContext): string[] {
  const email = context.email?.toLowerCase() ?? '';
  const local = email.split('@')[0] ?? '';
  const first = context.firstName?.toLowerCase() ?? '';
  const last = context.lastName?.toLowerCase() ?? '';
  return [email, local, first, last, first + last, last + first]
    .flatMap((w) => [lettersAndDigits(w), lettersOnly(w)])
    .filter((w) => w.length >= 2);
}

function isPersonal(lower: string, context: PasswordContext): boolean {
  const email = context.email?.toLowerCase();
  if (email && lower.includes(email)) return true;
  const words = new Set(personalWords(context));
  // "JSmith-2024!" is the local part plus decoration: compare the cores, not substrings,
  // so a real passphrase that merely contains a first name is still allowed.
  return [lettersAndDigits(lower), lettersOnly(lower)].some((core) => words.has(core));
}

/** The first problem with `password`, or null when it is acceptable. */
export function checkPassword(
  password: string,
  context: PasswordContext = {},
): PasswordProblem | null {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = normalized.toLowerCase();
  if (isPersonal(lower, context)) return 'contains_personal_info';
  if (isCommon(lower)) return 'too_common';
  if (isPredictable(lower)) return 'too_predictable';
  return null;
}
