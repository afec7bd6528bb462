/**
 * The control API under /_sim: state and reset, the tenant overview, fault rules, throttling
 * and its clock, mutations made outside Graph, the request log, and ground-truth digests.
 * It is not part of Microsoft's surface; tests and benchmarks drive the simulator with it.
 * The route groups live in control/.
 */
import type { Hono } from 'hono';
import { registerDigestRoutes } from './control/digest-routes.ts';
import { registerFaultRoutes } from './control/fault-routes.ts';
import { registerMutationRoutes } from './control/mutation-routes.ts';
import { registerStateRoutes } from './control/state-routes.ts';
import type { Sim } from './sim.ts';

export function registerControl(app: Hono, sim: Sim): void {
  registerStateRoutes(app, sim);
  registerFaultRoutes(app, sim);
  registerMutationRoutes(app, sim);
  registerDigestRoutes(app, sim);
}
