import { DurableObject } from 'cloudflare:workers';

/**
 * One per account (named by accountId): owns schedules, runs, jobs and tenant-wide Graph
 * quotas. SQLite-backed (wrangler.toml `new_sqlite_classes`). Later issues fill in the
 * state machines; the foundation only establishes the class, its storage and the naming
 * rule.
 */
export class TenantCoordinator extends DurableObject<Env> {}
