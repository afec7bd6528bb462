import { DurableObject } from 'cloudflare:workers';
import type {
  CommitPageInput,
  CommitPageResult,
  FolderInput,
  ItemKind,
  ScopeState,
  SubService,
} from '../backup/types';
import { commitPage } from '../catalog/commit';
import { pendingScopes, resetScope, snapshotFolders, syncFolders } from '../catalog/folders';
import { getMeta, setMeta } from '../catalog/meta';
import { blobIds, dailyCounts, runSummary, snapshotItems, stats } from '../catalog/queries';
import { migrate } from '../catalog/schema';
import { search, type SearchHit } from '../catalog/search';
import type {
  BlobIdPage,
  CatalogStats,
  DailyCount,
  RunSummary,
  SnapshotFolder,
  SnapshotPage,
} from '../catalog/types';

/**
 * One per protected entity (mailbox, site, drive, team), named `{accountId}:{entityId}`:
 * item versions, folder tree, delta cursors and the search index live here, never in D1.
 * A single writer per entity is what lets a page of items and its cursor commit together.
 * The logic lives in workers/catalog/; this class only owns storage and transactions.
 */
export class EntityCatalog extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql);
    });
  }

  private tx<T>(fn: () => T): T {
    return this.ctx.storage.transactionSync(fn);
  }

  /** Keeps the first data key ever given: a racing second key must not orphan blobs. */
  async ensureDataKey(wrapped: string): Promise<string> {
    return this.tx(() => {
      const stored = getMeta(this.sql, 'data_key');
      if (stored) return stored;
      setMeta(this.sql, 'data_key', wrapped);
      return wrapped;
    });
  }

  async setIndexing(on: boolean): Promise<void> {
    setMeta(this.sql, 'indexing', on ? '1' : '0');
  }

  async syncFolders(
    seq: number,
    subService: SubService,
    folders: FolderInput[],
  ): Promise<ScopeState[]> {
    return this.tx(() => syncFolders(this.sql, seq, subService, folders));
  }

  async pendingScopes(seq: number, subService: SubService): Promise<ScopeState[]> {
    return pendingScopes(this.sql, seq, subService);
  }

  async resetScope(scope: string): Promise<void> {
    this.tx(() => resetScope(this.sql, scope));
  }

  async commitPage(input: CommitPageInput): Promise<CommitPageResult> {
    const now = new Date();
    return this.tx(() => commitPage(this.sql, input, now));
  }

  async getGovernorState(): Promise<unknown> {
    const raw = getMeta(this.sql, 'governor');
    return raw === null ? null : (JSON.parse(raw) as unknown);
  }

  async runSummary(seq: number, subService: SubService): Promise<RunSummary> {
    return runSummary(this.sql, seq, subService);
  }

  async snapshotItems(opts: {
    seq: number;
    kind?: ItemKind;
    folderGraphId?: string;
    afterId?: string;
    limit: number;
  }): Promise<SnapshotPage> {
    return snapshotItems(this.sql, opts);
  }

  async snapshotFolders(seq: number, subService?: SubService): Promise<SnapshotFolder[]> {
    return snapshotFolders(this.sql, seq, subService);
  }

  async stats(): Promise<CatalogStats> {
    return stats(this.sql);
  }

  async dailyCounts(fromDay: string, toDay: string): Promise<DailyCount[]> {
    return dailyCounts(this.sql, fromDay, toDay);
  }

  async search(
    query: string,
    opts: { seq?: number; kind?: ItemKind; limit: number },
  ): Promise<SearchHit[]> {
    return search(this.sql, query, opts);
  }

  async blobIds(afterId: string | undefined, limit: number): Promise<BlobIdPage> {
    return blobIds(this.sql, afterId, limit);
  }

  /** Drops everything, data key included (the blobs become unreadable: crypto-shredding). */
  async purge(): Promise<void> {
    await this.ctx.storage.deleteAll();
    // The instance may serve more calls: an empty catalog, not a broken one.
    migrate(this.sql);
  }
}
