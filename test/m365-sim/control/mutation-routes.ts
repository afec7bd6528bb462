/** POST /_sim/mutate: one mutation or a list. */
import type { Hono } from 'hono';
import type { Sim } from '../sim.ts';
import { Mutation } from './mutation-schema.ts';
import { guard, readBody } from './errors.ts';
import { applyMutation } from './mutations.ts';

export function registerMutationRoutes(app: Hono, sim: Sim): void {
  app.post(
    '/_sim/mutate',
    guard(async (c) => {
      const raw = await readBody(c);
      const list = Array.isArray(raw) ? raw : [raw];
      const results = list.map((m) => applyMutation(sim, Mutation.parse(m)));
      return c.json(Array.isArray(raw) ? { results } : (results[0] ?? {}));
    }),
  );
}
