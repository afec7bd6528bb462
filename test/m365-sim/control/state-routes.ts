/** Control routes for the simulator state, reset, tenant overview and request log. */
import type { Hono } from 'hono';
import type { Sim } from '../sim.ts';

export function registerStateRoutes(app: Hono, sim: Sim): void {
  app.get('/_sim/state', (c) => {
    const t = sim.tenant;
    return c.json({
      options: sim.options,
      tenant: { id: t.id, displayName: t.displayName, domain: t.domain },
      consented: [...sim.consented],
      faults: sim.faults.list(),
      requests: sim.log.last,
    });
  });
  app.post('/_sim/reset', (c) => {
    sim.reset();
    return c.json({ ok: true });
  });

  // tenant overview, so tests can find ids without Graph calls
  app.get('/_sim/tenant', (c) => {
    const t = sim.tenant;
    t.materialiseGroupSites();
    return c.json({
      id: t.id,
      users: t.users
        .filter((u) => !u.deleted)
        .map((u) => ({
          id: u.id,
          userPrincipalName: u.userPrincipalName,
          displayName: u.displayName,
          mailboxKind: u.mailboxKind,
          licensed: u.licensed,
          accountEnabled: u.accountEnabled,
        })),
      groups: t.groups
        .filter((g) => !g.deleted)
        .map((g) => ({ id: g.id, displayName: g.displayName, isTeam: g.isTeam })),
      sites: t.sites
        .filter((s) => !s.deleted)
        .map((s) => ({
          id: s.id,
          name: s.name,
          webUrl: s.webUrl,
          lists: s.lists.map((l) => ({
            id: l.id,
            displayName: l.displayName,
            template: l.template,
          })),
        })),
    });
  });
  // request log
  app.get('/_sim/requests', (c) => {
    const since = Number(c.req.query('since') ?? 0);
    return c.json({ last: sim.log.last, entries: sim.log.since(since) });
  });
  app.get('/_sim/requests/summary', (c) => c.json(sim.log.summary()));
  app.delete('/_sim/requests', (c) => {
    sim.log.clear();
    return c.json({ ok: true });
  });
}
