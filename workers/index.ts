import { app } from './app';
import { handleQueue } from './queues/handler';

export { TenantCoordinator } from './durable/tenant-coordinator';
export { EntityCatalog } from './durable/entity-catalog';

export default {
  fetch: app.fetch,
  queue: handleQueue,
  async scheduled(_controller, _env, _ctx) {
    // The cron sweep wakes tenant coordinators whose alarms may have been lost; the
    // schedules themselves live in TenantCoordinator alarms (later issues).
  },
} satisfies ExportedHandler<Env>;
