import { z } from '@hono/zod-openapi';
import {
  checkPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordContext,
} from '../domain/password-policy';
import { ALL_PERMISSIONS, ROLES, type Permission } from '../domain/permissions';
import { REGION_CODES } from '../domain/regions';
import { ERROR_CODES } from '../errors';

/** Request and response schemas shared by the routes; names become OpenAPI components. */

export const Email = z
  .email({ message: 'Enter a valid email address.' })
  .max(254, 'Email must be at most 254 characters.')
  .openapi({ example: 'alex@contoso.example' });

export const PersonName = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(100, `${label} must be at most 100 characters.`);

/** Passwords being checked (not chosen): only bounded, so old passwords keep working. */
export const PresentedPassword = z.string().min(1, 'Password is required.').max(1024);

/**
 * A password being chosen (sign-up, reset, change): the whole policy that needs no context,
 * as one issue with the policy's own message. The part that needs the user's name and email
 * is `personalPasswordIssue` (sign-up) or the service (reset, change), so every route words
 * every rule the same way and no rule is reported twice.
 */
export const NewPassword = z
  .string()
  .superRefine((value, ctx) => {
    const problem = checkPassword(value);
    if (problem) ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEM_MESSAGES[problem] });
  })
  .openapi({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters; not a common password, keyboard sequence, or your name/email`,
  });

/**
 * The context-dependent rest of the policy (name, email) for a password NewPassword has
 * accepted; null when it is fine or when NewPassword already reported a problem.
 */
export function personalPasswordIssue(password: string, context: PasswordContext): string | null {
  if (checkPassword(password) !== null) return null;
  const problem = checkPassword(password, context);
  return problem ? PASSWORD_PROBLEM_MESSAGES[problem] : null;
}

export const Region = z.enum(REGION_CODES).openapi({ description: 'Datacenter region code' });

export const PermissionId = z
  .enum(ALL_PERMISSIONS as [Permission, ...Permission[]])
  .openapi({ description: 'Permission id, e.g. `backups.exchange.execute`' });

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      requestId: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

export const Account = z
  .object({
    id: z.string(),
    name: z.string(),
    region: Region,
    regionName: z.string(),
    status: z.enum(['trial', 'active', 'suspended', 'pending_deletion']),
    trialEndsAt: z.string().nullable().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Account');

export const Me = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      role: z.enum(ROLES),
      permissions: z.array(PermissionId),
      isPrimary: z.boolean(),
    }),
    account: Account.omit({ createdAt: true }),
    principal: z.object({
      kind: z.enum(['session', 'token']),
      scopes: z.array(z.string()).optional(),
    }),
  })
  .openapi('Me');

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'bwk_3fQx9LmA' }),
    scopes: z.array(z.string()),
    createdAt: z.string().openapi({ format: 'date-time' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiToken');

export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input: `validation_failed` (every issue in `details`), `bad_request` (malformed JSON), or the route’s own code (`invalid_token`, `invalid_current_password`)',
  401: '`unauthenticated` (no valid principal, or a malformed, unknown, expired or revoked bearer token) or `invalid_credentials`',
  403: '`forbidden` (missing permission, or an API token on a session-only route), `cross_site_request` (cookie request without a matching Origin) or `email_not_confirmed`',
  404: '`not_found` (including resources of other accounts and users)',
  413: '`payload_too_large`: the body is over 64 KiB',
  415: '`unsupported_media_type`: the body is not JSON',
  429: '`too_many_attempts`; see Retry-After',
  500: '`internal`: an unexpected failure; quote the requestId',
};

/** Error responses, declared per route so the document lists them (see define-route.ts). */
export function errors(...statuses: ErrorStatus[]) {
  const out: Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorResponse } } }
  > = {};
  for (const status of statuses) {
    out[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: ErrorResponse } },
    };
  }
  return out;
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}
