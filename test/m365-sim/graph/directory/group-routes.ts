/** Groups: list, delta, get, members and owners, adding and removing members. */
import { setMembership, type User } from '../../tenant.ts';
import { GraphError, select, type Ctx, type Router } from '../http.ts';
import { contextUrl, listResponse } from '../paging.ts';
import { directoryDelta, membersDelta } from './delta.ts';
import { checkCount, groupOr404, userOr404 } from './lookup.ts';
import { projectUser, renderGroup, renderUser } from './render.ts';

export function registerGroupRoutes(r: Router): void {
  r.get('/groups', (ctx) => {
    checkCount(ctx);
    const groups = ctx.sim.tenant.groups.filter((g) => !g.deleted).map(renderGroup);
    return listResponse(ctx, groups, { defaultPage: 100, maxPage: 999, context: 'groups' });
  });
  r.get('/groups/delta()', (ctx) =>
    directoryDelta(
      ctx,
      ctx.sim.tenant.groups,
      (g, st) => {
        const out = select(renderGroup(g), st.sel);
        const members = membersDelta(ctx.sim, g, st);
        if (members) out['members@delta'] = members;
        return out;
      },
      'groups',
    ),
  );
  r.get('/groups/{group-id}', (ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    return {
      status: 200,
      json: {
        '@odata.context': contextUrl(ctx, 'groups/$entity'),
        ...select(renderGroup(g), ctx.req.query.get('$select')),
      },
    };
  });
  const memberList = (which: 'members' | 'owners', cast?: boolean) => (ctx: Ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    const users = g[which]
      .map((id) => ctx.sim.tenant.users.find((u) => u.id === id && !u.deleted))
      .filter((u): u is User => !!u)
      .map((u) => ({
        '@odata.type': '#microsoft.graph.user',
        ...projectUser(ctx, renderUser(ctx.sim, u)),
      }));
    void cast;
    return listResponse(ctx, users, {
      defaultPage: 100,
      maxPage: 999,
      context: 'directoryObjects',
    });
  };
  r.get('/groups/{group-id}/members', memberList('members'));
  r.get('/groups/{group-id}/owners', memberList('owners'));
  r.get('/groups/{group-id}/members/graph.user', memberList('members', true));
  r.get('/groups/{group-id}/owners/graph.user', memberList('owners', true));
  r.post('/groups/{group-id}/members/$ref', (ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    const ref = ctx.json<{ '@odata.id'?: string }>()['@odata.id'] ?? '';
    const id = ref.split('/').pop() ?? '';
    const u = userOr404(ctx.sim, id);
    if (!setMembership(ctx.sim.tenant, g, u.id, true))
      throw new GraphError(
        400,
        'Request_BadRequest',
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
    return { status: 204 };
  });
  r.delete('/groups/{group-id}/members/{directoryObject-id}/$ref', (ctx) => {
    const g = groupOr404(ctx.sim, ctx.params['group-id']);
    const id = ctx.params['directoryObject-id'] ?? '';
    if (!setMembership(ctx.sim.tenant, g, id, false))
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return { status: 204 };
  });
}
