import { DurableObject } from 'cloudflare:workers';

/**
 * One per account (named by accountId): owns schedules, runs, jobs and tenant-wide Graph
 * quotas. Later issues fill in the state machines; the foundation only establishes the
 * class, its SQLite storage and the naming rule.
 */
export class TenantCoordinator extends DurableObject<Env> {
  async describe(): Promise<{ accountId: string | null; tables: number }> {
    const row = this.ctx.storage.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
      .one();
    return { accountId: (await this.ctx.storage.get<string>('accountId')) ?? null, tables: row.n };
  }
}
