import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type services and middleware throw. Each code maps to exactly one HTTP
 * status here, so handlers never pick statuses for failures and clients can switch on
 * `error.code`. Anything that is not an AppError becomes 500 `internal` (see app.ts).
 */

const STATUS = {
  validation_failed: 400,
  bad_request: 400,
  invalid_token: 400,
  invalid_current_password: 400,
  task_not_connected: 400,
  entity_not_activatable: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  email_not_confirmed: 403,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;
export const ERROR_CODES = Object.keys(STATUS) as [ErrorCode, ...ErrorCode[]];

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  validation_failed: 'The request is invalid.',
  bad_request: 'The request could not be understood.',
  invalid_token: 'This link is invalid or has expired.',
  invalid_current_password: 'The current password is incorrect.',
  task_not_connected: 'Connect the backup task to Microsoft 365 first.',
  entity_not_activatable: 'Some of the selected mailboxes cannot be activated.',
  unauthenticated: 'Sign in to continue.',
  invalid_credentials: 'The email or password is incorrect.',
  email_not_confirmed: 'Confirm your email address using the activation link we sent you.',
  forbidden: 'You do not have permission to do this.',
  cross_site_request: 'Cross-site request refused.',
  not_found: 'Not found.',
  payload_too_large: 'The request body is too large.',
  unsupported_media_type: 'Send the request body as application/json.',
  too_many_attempts: 'Too many attempts. Try again later.',
  internal: 'Something went wrong on our side.',
};

export interface ValidationDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly details?: ValidationDetail[];
  /** Seconds; sent as Retry-After. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message?: string,
    extra: { details?: ValidationDetail[]; retryAfter?: number } = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.code = code;
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
  }

  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: ValidationDetail[] };
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      requestId,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
