import { DurableObject } from 'cloudflare:workers';

/**
 * One per protected entity (mailbox, site, drive, team), named `{accountId}:{entityId}`:
 * item versions, folder tree, delta cursors and the search index live here, never in D1.
 */
export class EntityCatalog extends DurableObject<Env> {
  async describe(): Promise<{ tables: number }> {
    const row = this.ctx.storage.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
      .one();
    return { tables: row.n };
  }
}
