import { app } from './app';
import { createDb } from './db/client';
import { wakeOverdueCoordinators } from './coordinator/sweep';
import { handleQueue } from './queues/handler';
import { purgeExpiredCredentials } from './services/housekeeping';

export { TenantCoordinator } from './durable/tenant-coordinator';
export { EntityCatalog } from './durable/entity-catalog';

export default {
  fetch: app.fetch,
  queue: handleQueue,
  async scheduled(_controller, env, ctx) {
    // The cron sweep wakes tenant coordinators whose alarms look lost (the schedules live in
    // TenantCoordinator alarms) and drops expired sessions, used or expired email links and
    // stale throttle counters.
    ctx.waitUntil(wakeOverdueCoordinators(env));
    ctx.waitUntil(purgeExpiredCredentials(createDb(env.DB)));
  },
} satisfies ExportedHandler<Env>;
