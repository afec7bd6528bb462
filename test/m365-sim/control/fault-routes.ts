/** Control routes for fault rules, throttling and the throttling clock. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { FaultRuleInput } from '../faults.ts';
import type { Sim } from '../sim.ts';
import type { Mailbox } from '../tenant.ts';
import { guard, readBody } from './errors.ts';
import { driveFor, mailboxFor } from './lookups.ts';

export function registerFaultRoutes(app: Hono, sim: Sim): void {
  // faults
  app.get('/_sim/faults', (c) => c.json({ faults: sim.faults.list() }));
  app.post(
    '/_sim/faults',
    guard(async (c) => {
      const rule = sim.faults.add(FaultRuleInput.parse(await readBody(c)));
      return c.json({ id: rule.id }, 201);
    }),
  );
  app.get('/_sim/faults/:id', (c) => {
    const f = sim.faults.list().find((x) => x.id === c.req.param('id'));
    return f ? c.json(f) : c.json({ error: 'no such fault' }, 404);
  });
  app.post('/_sim/faults/:id/release', (c) => {
    const f = sim.faults.get(c.req.param('id'));
    if (!f) return c.json({ error: 'no such fault' }, 404);
    sim.faults.release(f);
    return c.json({ ok: true });
  });
  app.delete('/_sim/faults/:id', (c) =>
    sim.faults.remove(c.req.param('id'))
      ? c.json({ ok: true })
      : c.json({ error: 'no such fault' }, 404),
  );
  app.delete('/_sim/faults', (c) => {
    sim.faults.clear();
    return c.json({ ok: true });
  });
  app.post('/_sim/tokens/expire', (c) => {
    sim.expireTokens();
    return c.json({ ok: true });
  });
  app.post(
    '/_sim/consent',
    guard(async (c) => {
      const b = z
        .object({
          clientId: z.string().optional(),
          granted: z.boolean(),
          decision: z.enum(['accept', 'decline']).optional(),
        })
        .parse(await readBody(c));
      const id = b.clientId ?? [...sim.apps.keys()][0] ?? '';
      if (b.granted) sim.grantConsent(id);
      else sim.revokeConsent(id);
      if (b.decision) sim.consentDecision = b.decision;
      return c.json({ consented: [...sim.consented] });
    }),
  );
  app.post(
    '/_sim/delta/reset',
    guard(async (c) => {
      const b = z
        .object({
          mailbox: z.string().optional(),
          drive: z.string().optional(),
          directory: z.boolean().optional(),
          all: z.boolean().optional(),
        })
        .parse(await readBody(c));
      const t = sim.tenant;
      if (b.mailbox || b.all) {
        const boxes = b.mailbox
          ? [mailboxFor(sim, b.mailbox)]
          : t.users.map((u) => t.mailbox(u)).filter((x): x is Mailbox => !!x);
        for (const mb of boxes) {
          mb.messages.epoch++;
          mb.folders.epoch++;
          mb.contacts.contacts.epoch++;
          mb.calendar.events.epoch++;
          mb.todo.tasks.epoch++;
          mb.todo.lists.epoch++;
        }
      }
      if (b.drive) driveFor(sim, b.drive).items.epoch++;
      if (b.all) {
        for (const u of t.users) {
          const d = t.userDrive(u);
          if (d) d.items.epoch++;
        }
        for (const s of t.sites)
          for (const l of s.lists) {
            l.items.epoch++;
            if (l.drive) l.drive.items.epoch++;
          }
        for (const team of t.teams.values()) for (const ch of team.channels) ch.messages.epoch++;
      }
      if (b.directory || b.all) t.dirEpoch++;
      return c.json({ ok: true });
    }),
  );
  app.post(
    '/_sim/throttling',
    guard(async (c) => {
      const b = z.object({ enabled: z.boolean() }).parse(await readBody(c));
      sim.throttle.enabled = b.enabled;
      if (!b.enabled) sim.throttle.reset();
      return c.json({ enabled: sim.throttle.enabled });
    }),
  );
  // the throttling clock (manual mode: windows move only when advanced)
  app.get('/_sim/clock', (c) => c.json({ manual: sim.clock.manual, now: sim.clock.now() }));
  app.post(
    '/_sim/clock',
    guard(async (c) => {
      const b = z
        .object({ manual: z.boolean().optional(), advanceMs: z.number().min(0).optional() })
        .parse(await readBody(c));
      if (b.manual !== undefined) sim.clock.setManual(b.manual);
      if (b.advanceMs) sim.clock.advance(b.advanceMs);
      return c.json({ manual: sim.clock.manual, now: sim.clock.now() });
    }),
  );
  app.get('/_sim/throttling', (c) =>
    c.json({ enabled: sim.throttle.enabled, limits: sim.throttle.limits }),
  );
}
