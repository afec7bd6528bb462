import { z } from '@hono/zod-openapi';
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

/** Standard error responses, declared per route so the document lists them. */
export function errors(...statuses: Array<400 | 401 | 403 | 404 | 415 | 429>) {
  const descriptions = {
    400: 'Invalid input (`validation_failed`, with details) or unusable link',
    401: 'Not signed in, or wrong credentials',
    403: 'Forbidden, cross-site request refused, or email not confirmed',
    404: 'Not found (including resources of other accounts)',
    415: 'Body is not JSON',
    429: 'Too many attempts; see Retry-After',
  } as const;
  const out: Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorResponse } } }
  > = {};
  for (const status of statuses) {
    out[status] = {
      description: descriptions[status],
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
