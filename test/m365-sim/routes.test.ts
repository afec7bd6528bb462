import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createSim } from './server.ts';

it('serves only path templates (and methods) listed in graph-paths.json', async () => {
  const paths = JSON.parse(
    readFileSync(new URL('../fixtures/graph/graph-paths.json', import.meta.url), 'utf8'),
  ) as Record<string, Record<string, Record<string, string[]>>>;
  const sim = await createSim({ size: { users: 4, messagesPerMailbox: 1 } });
  const v1 = paths['v1.0'] ?? {};
  const missing = sim.router.routes
    .filter((r) => !v1[r.template]?.[r.method.toLowerCase()])
    .map((r) => `${r.method} ${r.template}`);
  expect(missing).toEqual([]);
  expect(sim.router.routes.length).toBeGreaterThan(80);
});
