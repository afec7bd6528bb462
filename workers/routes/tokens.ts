import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { ALL_PERMISSIONS } from '../domain/permissions';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-tokens';
import { protectedRoute } from './define-route';
import { tokenBody } from './presenters';
import { ApiToken, errors, json, jsonBody, PermissionId } from './schemas';
import { validationHook } from './validation';

const CreateTokenRequest = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Token name is required.')
      .max(100, 'Token name must be at most 100 characters.'),
    scopes: z
      .array(PermissionId)
      .max(ALL_PERMISSIONS.length)
      .openapi({ description: 'Permissions the token may use; at most the creator’s own' }),
    expiresInDays: z
      .number()
      .int('Expiry must be a whole number of days.')
      .min(1, 'Expiry must be between 1 and 365 days.')
      .max(365, 'Expiry must be between 1 and 365 days.'),
  })
  .openapi('CreateTokenRequest');

const TokenId = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const tokenRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(
      { requires: [] },
      {
        method: 'get',
        path: '/tokens',
        tags: ['API tokens'],
        summary: 'The caller’s API tokens (secrets are never shown again)',
        responses: {
          200: json(z.object({ tokens: z.array(ApiToken) }), 'Tokens, newest first'),
        },
      },
    ),
    async (c) => {
      const tokens = await listApiTokens(c.var.principal, c.var.deps);
      return c.json({ tokens: tokens.map(tokenBody) }, 200);
    },
  )
  .openapi(
    protectedRoute(
      { requires: [], sessionOnly: true },
      {
        method: 'post',
        path: '/tokens',
        tags: ['API tokens'],
        summary: 'Create an API token',
        description:
          'The secret is returned once. A token acts with its scopes ∩ its creator’s permissions at the time of each request.',
        request: { body: jsonBody(CreateTokenRequest) },
        responses: {
          201: json(
            z
              .object({ token: ApiToken, secret: z.string().openapi({ example: 'bwk_…' }) })
              .openapi('CreatedToken'),
            'Token created; store the secret now',
          ),
        },
      },
    ),
    async (c) => {
      const { token, secret } = await createApiToken(
        c.var.principal,
        c.var.deps,
        c.req.valid('json'),
      );
      return c.json({ token: tokenBody(token), secret }, 201);
    },
  )
  .openapi(
    protectedRoute(
      { requires: [] },
      {
        method: 'delete',
        path: '/tokens/{id}',
        tags: ['API tokens'],
        summary: 'Revoke an API token',
        description:
          'With a portal session: any of the caller’s own tokens. With an API token: only that token itself (403 otherwise), so a leaked token cannot revoke its owner’s other tokens. Another user’s or account’s token is 404; revoking twice is 204.',
        request: { params: TokenId },
        responses: { 204: { description: 'Revoked' }, ...errors(404) },
      },
    ),
    async (c) => {
      await revokeApiToken(c.var.principal, c.var.deps, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
