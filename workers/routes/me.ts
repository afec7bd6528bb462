import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { writeSessionCookie } from '../middleware/session-cookie';
import { changePassword } from '../services/auth/change-password';
import { protectedRoute } from './define-route';
import { meBody } from './presenters';
import { errors, json, jsonBody, Me, NewPassword, PresentedPassword } from './schemas';
import { validationHook } from './validation';

const ChangePasswordRequest = z
  .object({
    currentPassword: PresentedPassword,
    newPassword: NewPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'Passwords do not match.',
  })
  .openapi('ChangePasswordRequest');

export const meRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(
      { requires: [] },
      {
        method: 'get',
        path: '/me',
        tags: ['Me'],
        summary: 'The signed-in user, their account and how they authenticated',
        responses: { 200: json(Me, 'Current principal') },
      },
    ),
    (c) => c.json(meBody(c.var.principal), 200),
  )
  .openapi(
    protectedRoute(
      { requires: [], sessionOnly: true },
      {
        method: 'post',
        path: '/me/password',
        tags: ['Me'],
        summary: 'Change password (current + new + confirm)',
        description:
          'The new password follows the sign-up rules. Every session of the user ends; the caller gets a new session cookie (rotation). Attempts count against the sign-in throttle.',
        request: { body: jsonBody(ChangePasswordRequest) },
        responses: {
          200: json(z.object({ changed: z.literal(true) }), 'Password changed'),
          ...errors(429),
        },
      },
    ),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const session = await changePassword(c.var.principal, c.var.deps, {
        currentPassword,
        newPassword,
      });
      writeSessionCookie(c, session.secret, session.maxAgeSeconds);
      return c.json({ changed: true as const }, 200);
    },
  );
