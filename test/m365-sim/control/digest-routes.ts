/** Ground truth: digests of a mailbox, drive, site, list, team or group. */
import type { Hono } from 'hono';
import {
  driveDigest,
  groupDigest,
  listDigest,
  mailboxDigest,
  siteDigest,
  teamDigest,
} from '../digest.ts';
import type { Sim } from '../sim.ts';
import { guard, need } from './errors.ts';
import { driveFor, mailboxFor } from './lookups.ts';

export function registerDigestRoutes(app: Hono, sim: Sim): void {
  app.get(
    '/_sim/digest/mailbox/:user',
    guard((c) => {
      const folder = c.req.query('folder');
      return c.json(
        mailboxDigest(mailboxFor(sim, c.req.param('user') ?? ''), folder ? { folder } : {}),
      );
    }),
  );
  app.get(
    '/_sim/digest/drive/:drive',
    guard((c) => {
      const under = c.req.query('under');
      return c.json(
        driveDigest(driveFor(sim, c.req.param('drive') ?? ''), {
          ...(under ? { under } : {}),
          versions: c.req.query('versions') === 'true',
        }),
      );
    }),
  );
  app.get(
    '/_sim/digest/site/:site',
    guard((c) =>
      c.json(siteDigest(sim.tenant, need(sim.tenant.site(c.req.param('site') ?? ''), 'site'))),
    ),
  );
  app.get(
    '/_sim/digest/list/:site/:list',
    guard((c) => {
      const site = need(sim.tenant.site(c.req.param('site') ?? ''), 'site');
      const list = need(
        site.lists.find((l) => l.id === (c.req.param('list') ?? '')),
        'list',
      );
      return c.json(listDigest(list));
    }),
  );
  app.get(
    '/_sim/digest/team/:group',
    guard((c) =>
      c.json(teamDigest(sim.tenant, need(sim.tenant.group(c.req.param('group') ?? ''), 'team'))),
    ),
  );
  app.get(
    '/_sim/digest/group/:group',
    guard((c) =>
      c.json(groupDigest(sim.tenant, need(sim.tenant.group(c.req.param('group') ?? ''), 'group'))),
    ),
  );
}
