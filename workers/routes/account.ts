import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { getAccount, renameAccount } from '../services/accounts';
import { protectedRoute } from './define-route';
import { accountBody } from './presenters';
import { Account, json, jsonBody } from './schemas';
import { validationHook } from './validation';

const RenameAccountRequest = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Account name is required.')
      .max(100, 'Account name must be at most 100 characters.'),
  })
  .openapi('RenameAccountRequest');

export const accountRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    protectedRoute(
      { requires: ['account.settings.view'] },
      {
        method: 'get',
        path: '/account',
        tags: ['Accounts'],
        summary: 'The caller’s account',
        responses: { 200: json(Account, 'The account') },
      },
    ),
    (c) => c.json(accountBody(getAccount(c.var.principal)), 200),
  )
  .openapi(
    protectedRoute(
      { requires: ['account.settings.manage'] },
      {
        method: 'patch',
        path: '/account',
        tags: ['Accounts'],
        summary: 'Rename the account',
        request: { body: jsonBody(RenameAccountRequest) },
        responses: { 200: json(Account, 'The updated account') },
      },
    ),
    async (c) => {
      const account = await renameAccount(c.var.principal, c.var.deps, c.req.valid('json').name);
      return c.json(accountBody(account), 200);
    },
  );
