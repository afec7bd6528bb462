import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import {
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
} from '../middleware/session-cookie';
import { activate } from '../services/auth/activation';
import { confirmPasswordReset, requestPasswordReset } from '../services/auth/password-reset';
import { deleteSession } from '../services/auth/sessions';
import { signIn } from '../services/auth/signin';
import { signUp } from '../services/auth/signup';
import { protectedRoute, publicRoute } from './define-route';
import { meBody } from './presenters';
import {
  Email,
  errors,
  json,
  jsonBody,
  Me,
  NewPassword,
  personalPasswordIssue,
  PersonName,
  PresentedPassword,
  Region,
} from './schemas';
import { validationHook } from './validation';

const SignUpRequest = z
  .object({
    firstName: PersonName('First name'),
    lastName: PersonName('Last name'),
    email: Email,
    password: NewPassword,
    confirmPassword: z.string(),
    region: Region,
  })
  .superRefine((v, ctx) => {
    const personal = personalPasswordIssue(v.password, v);
    if (personal) ctx.addIssue({ code: 'custom', path: ['password'], message: personal });
    if (v.password !== v.confirmPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['confirmPassword'],
        message: 'Passwords do not match.',
      });
    }
  })
  .openapi('SignUpRequest');

const ResetConfirmRequest = z
  .object({ token: z.string().min(1).max(256), password: NewPassword, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'Passwords do not match.',
  })
  .openapi('PasswordResetConfirmRequest');

const Token = z.string().min(1, 'Token is required.').max(256);

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/signup',
      tags: ['Authentication'],
      summary: 'Sign up for a 14-day trial',
      description:
        'Creates the account and its primary administrator, and emails an activation link. Answers the same for an address that is already registered (that owner is emailed instead). At most 20 sign-ups per client IP per 15 minutes (429), and at most 3 mails per address (further sign-ups answer the same but send nothing).',
      request: { body: jsonBody(SignUpRequest) },
      responses: {
        201: json(z.object({ email: z.string() }), 'Activation email sent'),
        ...errors(429),
      },
    }),
    async (c) => c.json(await signUp(c.var.deps, c.req.valid('json')), 201),
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/activate',
      tags: ['Authentication'],
      summary: 'Confirm the email address from the activation link',
      request: { body: jsonBody(z.object({ token: Token }).openapi('ActivateRequest')) },
      responses: {
        200: json(z.object({ activated: z.literal(true), email: z.string() }), 'Account activated'),
      },
    }),
    async (c) => {
      const { email } = await activate(c.var.deps, c.req.valid('json').token);
      return c.json({ activated: true as const, email }, 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/signin',
      tags: ['Authentication'],
      summary: 'Sign in with email and password',
      description:
        'Sets the `__Host-bulwark_session` cookie. Failures are throttled per address and per client IP (429 with Retry-After).',
      request: {
        body: jsonBody(
          z.object({ email: Email, password: PresentedPassword }).openapi('SignInRequest'),
        ),
      },
      responses: {
        200: json(Me, 'Signed in; the session cookie is set'),
        ...errors(429),
      },
    }),
    async (c) => {
      const result = await signIn(c.var.deps, c.req.valid('json'), readSessionCookie(c));
      writeSessionCookie(c, result.sessionSecret, result.maxAgeSeconds);
      return c.json(meBody(result.principal), 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: [] },
      {
        method: 'post',
        path: '/auth/signout',
        tags: ['Authentication'],
        summary: 'Sign out (ends the portal session; no-op for API tokens)',
        responses: { 204: { description: 'Signed out' } },
      },
    ),
    async (c) => {
      const { principal } = c.var;
      if (principal.sessionId) await deleteSession(c.var.deps, principal.sessionId);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/password-reset',
      tags: ['Authentication'],
      summary: 'Email a password-reset link',
      description:
        'Always answers 202, whether or not the address is registered. The link is valid for 1 hour and works once.',
      request: { body: jsonBody(z.object({ email: Email }).openapi('PasswordResetRequest')) },
      responses: {
        202: json(z.object({ sent: z.literal(true) }), 'Accepted'),
      },
    }),
    (c) => {
      requestPasswordReset(c.var.deps, c.req.valid('json').email);
      return c.json({ sent: true as const }, 202);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/auth/password-reset/confirm',
      tags: ['Authentication'],
      summary: 'Set a new password from a reset link',
      description: 'Signs the user out everywhere.',
      request: { body: jsonBody(ResetConfirmRequest) },
      responses: {
        200: json(z.object({ reset: z.literal(true) }), 'Password changed'),
      },
    }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      await confirmPasswordReset(c.var.deps, { token, password });
      return c.json({ reset: true as const }, 200);
    },
  );
