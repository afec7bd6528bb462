/** Users: list, $count, delta, get, mailbox settings. */
import { GraphError, select, type Router } from '../http.ts';
import { contextUrl, listResponse } from '../paging.ts';
import { directoryDelta } from './delta.ts';
import { checkCount, userOr404 } from './lookup.ts';
import { projectUser, renderUser } from './render.ts';

export function registerUserRoutes(r: Router): void {
  r.get('/users', (ctx) => {
    checkCount(ctx);
    const users = ctx.sim.tenant.users.filter((u) => !u.deleted).map((u) => renderUser(ctx.sim, u));
    const res = listResponse(ctx, users, { defaultPage: 100, maxPage: 999, context: 'users' });
    const body = res.json as { value: Record<string, unknown>[] };
    body.value = body.value.map((u) => projectUser(ctx, u));
    return res;
  });
  r.get('/users/$count', (ctx) => {
    const n = ctx.sim.tenant.users.filter((u) => !u.deleted).length;
    return { status: 200, raw: Buffer.from(String(n)), contentType: 'text/plain' };
  });
  r.get('/users/delta()', (ctx) =>
    directoryDelta(
      ctx,
      ctx.sim.tenant.users,
      (u, st) => select(projectUser(ctx, renderUser(ctx.sim, u), st.sel), st.sel),
      'users',
    ),
  );
  r.get('/users/{user-id}', (ctx) => {
    const u = userOr404(ctx.sim, ctx.params['user-id']);
    const obj = select(renderUser(ctx.sim, u), ctx.req.query.get('$select'));
    return {
      status: 200,
      json: { '@odata.context': contextUrl(ctx, 'users/$entity'), ...projectUser(ctx, obj) },
    };
  });
  r.get('/users/{user-id}/mailboxSettings', (ctx) => {
    const u = userOr404(ctx.sim, ctx.params['user-id']);
    if (u.mailboxKind === 'none')
      throw new GraphError(
        404,
        'MailboxNotEnabledForRESTAPI',
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
    return {
      status: 200,
      json: {
        '@odata.context': contextUrl(ctx, `users('${u.id}')/mailboxSettings`),
        archiveFolder: '',
        timeZone: 'UTC',
        language: { locale: 'en-US', displayName: 'English (United States)' },
        userPurpose: u.mailboxKind === 'shared' ? 'shared' : 'user',
        dateFormat: 'dd/MM/yyyy',
        timeFormat: 'HH:mm',
      },
    };
  });
}
