import {
  checkPassword,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordContext,
} from '../../domain/password-policy';
import { AppError } from '../../errors';

/** The password policy as a validation failure on `path`, like a zod error on that field. */
export function assertAcceptablePassword(
  password: string,
  context: PasswordContext,
  path: string,
): void {
  const problem = checkPassword(password, context);
  if (problem) {
    throw new AppError('validation_failed', undefined, {
      details: [{ path, message: PASSWORD_PROBLEM_MESSAGES[problem] }],
    });
  }
}
