// Client-side password checks: only the obvious ones, so the form can answer before a
// round-trip. The server is the authority (length, common-password list) and its field
// errors are shown the same way. The limits are the server's own: password-policy.ts is pure
// (no Cloudflare imports), and vite.config.ts lets the bundle keep just these two constants
// of it, not the common-password list.
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../workers/domain/password-policy';

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of several words works well; common passwords are refused.`;

export function passwordProblem(password: string): string | undefined {
  if (!password) return 'Enter a password.';
  // Counted in code points, as the server counts them.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
}

/**
 * The checks of a new password and its confirmation, keyed by field name: `field` is the new
 * password's (the confirmation is always `confirmPassword`), `again` asks for the confirmation.
 */
export function newPasswordErrors(
  password: string,
  confirmPassword: string,
  { field = 'password', again = 'Enter the new password again.' } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  const problem = passwordProblem(password);
  if (problem) errors[field] = problem;
  if (!confirmPassword) errors.confirmPassword = again;
  else if (confirmPassword !== password) errors.confirmPassword = 'The passwords do not match.';
  return errors;
}
