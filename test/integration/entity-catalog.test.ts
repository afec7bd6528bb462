import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { CatalogItemInput, CommitPageInput, FolderInput } from '../../workers/backup/types';
import { toMatchExpression } from '../../workers/catalog/search';
import { stableJson } from '../../workers/domain/stable-json';
import type { EntityCatalog } from '../../workers/durable/entity-catalog';

function catalog() {
  return env.ENTITY_CATALOG.get(env.ENTITY_CATALOG.idFromName(`acc-${crypto.randomUUID()}:mbx`));
}

const inbox: FolderInput = {
  graphId: 'inbox',
  parentGraphId: null,
  name: 'Inbox',
  wellKnown: 'inbox',
};
const archive: FolderInput = { graphId: 'archive', parentGraphId: null, name: 'Archive' };

function msg(
  graphId: string,
  content: string,
  folderGraphId = 'inbox',
  meta: Record<string, unknown> = {},
): CatalogItemInput {
  return {
    kind: 'message',
    graphId,
    folderGraphId,
    sha256: `sha-${content}`,
    size: content.length,
    storedSize: content.length,
    chunks: [`chunk-${content}`],
    meta: { subject: content, ...meta },
    search: {
      subject: `subject ${content}`,
      from: 'alice@contoso.com',
      body: `body of ${content}`,
    },
  };
}

function page(
  seq: number,
  scope: string,
  expectedCursor: string | null,
  nextCursor: string,
  rest: Partial<CommitPageInput> = {},
): CommitPageInput {
  return {
    seq,
    subService: 'mail',
    scope,
    expectedCursor,
    nextCursor,
    scopeDone: true,
    upserts: [],
    removals: [],
    failures: [],
    ...rest,
  };
}

async function snapshotIds(stub: DurableObjectStub<EntityCatalog>, seq: number): Promise<string[]> {
  const result = await stub.snapshotItems({ seq, limit: 1000 });
  return result.items.map((i) => `${i.graphId}@${i.folderGraphId}:${i.sha256}`);
}

describe('EntityCatalog', () => {
  it('keeps the first data key and stores governor state', async () => {
    const stub = catalog();
    expect(await stub.ensureDataKey('dk1.first')).toBe('dk1.first');
    expect(await stub.ensureDataKey('dk1.second')).toBe('dk1.first');
    expect(await stub.getGovernorState()).toBeNull();
    await stub.syncFolders(1, 'mail', [inbox]);
    await stub.commitPage(page(1, 'mail:inbox', null, 'd1', { governor: { tokens: 7 } }));
    expect(await stub.getGovernorState()).toEqual({ tokens: 7 });
  });

  it('refuses a stale cursor and makes a duplicate commit harmless', async () => {
    const stub = catalog();
    const scopes = await stub.syncFolders(1, 'mail', [inbox]);
    expect(scopes).toEqual([
      {
        scope: 'mail:inbox',
        subService: 'mail',
        folderGraphId: 'inbox',
        cursor: null,
        fullSweep: true,
      },
    ]);
    const first = page(1, 'mail:inbox', null, 'next-1', {
      scopeDone: false,
      upserts: [msg('m1', 'a'), msg('m2', 'b')],
    });
    expect(await stub.commitPage(first)).toEqual({
      accepted: true,
      added: 2,
      changed: 0,
      deleted: 0,
      unchanged: 0,
    });
    expect(await stub.commitPage(first)).toEqual({
      accepted: false,
      added: 0,
      changed: 0,
      deleted: 0,
      unchanged: 0,
    });
    expect(
      await stub.commitPage(page(1, 'mail:inbox', 'wrong', 'x', { upserts: [msg('m3', 'c')] })),
    ).toMatchObject({
      accepted: false,
    });
    expect(await stub.pendingScopes(1, 'mail')).toMatchObject([
      { cursor: 'next-1', fullSweep: true },
    ]);
    await stub.commitPage(
      page(1, 'mail:inbox', 'next-1', 'delta-1', { upserts: [msg('m3', 'c')] }),
    );
    expect(await stub.pendingScopes(1, 'mail')).toEqual([]);
    expect(await stub.syncFolders(1, 'mail', [inbox])).toEqual([]);
    expect(await snapshotIds(stub, 1)).toEqual([
      'm1@inbox:sha-a',
      'm2@inbox:sha-b',
      'm3@inbox:sha-c',
    ]);
    const summary = await stub.runSummary(1, 'mail');
    expect(summary).toEqual({
      items: 3,
      added: 3,
      changed: 0,
      deleted: 0,
      bytes: 3,
      storedBytes: 3,
      failures: [],
    });
  });

  it('versions items across runs: older snapshots stay as they were', async () => {
    const stub = catalog();
    await stub.syncFolders(1, 'mail', [inbox, archive]);
    await stub.commitPage(
      page(1, 'mail:inbox', null, 'd1', {
        upserts: [msg('m1', 'a'), msg('m2', 'b'), msg('m3', 'c')],
      }),
    );
    await stub.commitPage(page(1, 'mail:archive', null, 'a1'));
    const before = await snapshotIds(stub, 1);

    expect(await stub.syncFolders(2, 'mail', [inbox, archive])).toMatchObject([
      { scope: 'mail:archive', cursor: 'a1', fullSweep: false },
      { scope: 'mail:inbox', cursor: 'd1', fullSweep: false },
    ]);
    // m1 changed, m2 moved to archive (removal seen first in the inbox), m3 deleted,
    // m4 new; then m1 changes again in the same run: replaced in place, not duplicated.
    const inboxPage = page(2, 'mail:inbox', 'd1', 'd2', {
      upserts: [msg('m1', 'a2'), msg('m4', 'd'), msg('m1', 'a3')],
      removals: [
        { kind: 'message', graphId: 'm2' },
        { kind: 'message', graphId: 'm3' },
      ],
      failures: [{ graphId: 'm9', reason: 'ErrorItemCorrupt' }],
    });
    expect(await stub.commitPage(inboxPage)).toEqual({
      accepted: true,
      added: 1,
      changed: 2,
      deleted: 2,
      unchanged: 0,
    });
    await stub.commitPage(
      page(2, 'mail:archive', 'a1', 'a2', { upserts: [msg('m2', 'b', 'archive')] }),
    );

    expect(await snapshotIds(stub, 1)).toEqual(before);
    expect(await snapshotIds(stub, 2)).toEqual([
      'm1@inbox:sha-a3',
      'm2@archive:sha-b',
      'm4@inbox:sha-d',
    ]);
    expect(
      (await stub.snapshotItems({ seq: 2, folderGraphId: 'archive', limit: 10 })).items[0]!.chunks,
    ).toEqual(['chunk-b']);
    expect(await stub.runSummary(2, 'mail')).toEqual({
      items: 3,
      added: 1,
      changed: 2,
      deleted: 1,
      bytes: 4,
      // a2 and a3 (replaced in place, both written this run), d, and b re-reported by the move.
      storedBytes: 6,
      failures: [{ graphId: 'm9', reason: 'ErrorItemCorrupt' }],
    });
    await runInDurableObject(stub, (_instance, state) => {
      const versions = state.storage.sql
        .exec<{ n: number }>(`SELECT count(*) AS n FROM items WHERE graph_id = 'm1'`)
        .one().n;
      expect(versions).toBe(2);
    });
  });

  it('a move seen at the destination first is one new version with the same chunks', async () => {
    const stub = catalog();
    await stub.syncFolders(1, 'mail', [inbox, archive]);
    await stub.commitPage(page(1, 'mail:inbox', null, 'd1', { upserts: [msg('m1', 'a')] }));
    await stub.commitPage(page(1, 'mail:archive', null, 'a1'));
    await stub.syncFolders(2, 'mail', [inbox, archive]);
    expect(
      await stub.commitPage(
        page(2, 'mail:archive', 'a1', 'a2', { upserts: [msg('m1', 'a', 'archive')] }),
      ),
    ).toMatchObject({
      changed: 1,
    });
    // The inbox's late removal of the moved item must not delete it from the archive.
    expect(
      await stub.commitPage(
        page(2, 'mail:inbox', 'd1', 'd2', { removals: [{ kind: 'message', graphId: 'm1' }] }),
      ),
    ).toMatchObject({
      deleted: 0,
    });
    expect(await snapshotIds(stub, 1)).toEqual(['m1@inbox:sha-a']);
    expect(await snapshotIds(stub, 2)).toEqual(['m1@archive:sha-a']);
    expect(await stub.runSummary(2, 'mail')).toMatchObject({
      items: 1,
      changed: 1,
      deleted: 0,
      added: 0,
    });
  });

  it('a full sweep after a delta reset closes unseen items and never duplicates', async () => {
    const stub = catalog();
    await stub.syncFolders(1, 'mail', [inbox]);
    await stub.commitPage(
      page(1, 'mail:inbox', null, 'd1', {
        upserts: ['a', 'b', 'c', 'd'].map((x) => msg(`m-${x}`, x)),
      }),
    );
    await stub.syncFolders(2, 'mail', [inbox]);
    await stub.resetScope('mail:inbox');
    expect(await stub.pendingScopes(2, 'mail')).toMatchObject([{ cursor: null, fullSweep: true }]);
    const r1 = await stub.commitPage(
      page(2, 'mail:inbox', null, 'n1', {
        scopeDone: false,
        upserts: [msg('m-a', 'a'), msg('m-b', 'b2')],
      }),
    );
    expect(r1).toMatchObject({ unchanged: 1, changed: 1 });
    const r2 = await stub.commitPage(
      page(2, 'mail:inbox', 'n1', 'd2', { upserts: [msg('m-a', 'a'), msg('m-d', 'd')] }),
    );
    expect(r2).toMatchObject({ unchanged: 2, deleted: 1 });
    expect(await snapshotIds(stub, 2)).toEqual([
      'm-a@inbox:sha-a',
      'm-b@inbox:sha-b2',
      'm-d@inbox:sha-d',
    ]);
    expect(await snapshotIds(stub, 1)).toHaveLength(4);
    await runInDurableObject(stub, (_i, state) => {
      expect(state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM items').one().n).toBe(
        5,
      );
      expect(
        state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM sweep_seen').one().n,
      ).toBe(0);
    });
    expect(await stub.pendingScopes(2, 'mail')).toEqual([]);
  });

  it('a folder gone from the list is closed with its items', async () => {
    const stub = catalog();
    await stub.syncFolders(1, 'mail', [inbox, archive]);
    await stub.commitPage(page(1, 'mail:inbox', null, 'd1', { upserts: [msg('m1', 'a')] }));
    await stub.commitPage(
      page(1, 'mail:archive', null, 'a1', {
        upserts: [msg('m2', 'b', 'archive'), msg('m3', 'c', 'archive')],
      }),
    );
    const renamed = { ...inbox, name: 'Posteingang' };
    expect(await stub.syncFolders(2, 'mail', [renamed])).toMatchObject([
      { scope: 'mail:inbox', cursor: 'd1' },
    ]);
    expect(await snapshotIds(stub, 2)).toEqual(['m1@inbox:sha-a']);
    expect(await stub.runSummary(2, 'mail')).toMatchObject({ items: 1, deleted: 2 });
    expect(await stub.snapshotFolders(1, 'mail')).toEqual([
      {
        subService: 'mail',
        graphId: 'archive',
        parentGraphId: null,
        name: 'Archive',
        hidden: false,
      },
      {
        subService: 'mail',
        graphId: 'inbox',
        parentGraphId: null,
        name: 'Inbox',
        wellKnown: 'inbox',
        hidden: false,
      },
    ]);
    expect((await stub.snapshotFolders(2)).map((f) => f.name)).toEqual(['Posteingang']);
  });

  it('searches the FTS index safely, per snapshot', async () => {
    const stub = catalog();
    await stub.setIndexing(true);
    await stub.syncFolders(1, 'mail', [inbox]);
    await stub.commitPage(
      page(1, 'mail:inbox', null, 'd1', {
        upserts: [msg('m1', 'quarterly'), msg('m2', 'holiday')],
      }),
    );
    await stub.syncFolders(2, 'mail', [inbox]);
    await stub.commitPage(page(2, 'mail:inbox', 'd1', 'd2', { upserts: [msg('m1', 'budget')] }));

    const hits = await stub.search('quarterly', { limit: 10 });
    expect(hits).toMatchObject([{ graphId: 'm1', fromSeq: 1, toSeq: 2 }]);
    expect(await stub.search('quarterly', { seq: 2, limit: 10 })).toEqual([]);
    expect(await stub.search('budg', { seq: 2, limit: 10 })).toMatchObject([
      { graphId: 'm1', fromSeq: 2, toSeq: null },
    ]);
    expect(
      (await stub.search('alice@contoso.com holiday', { limit: 10 })).map((h) => h.graphId),
    ).toEqual(['m2']);
    for (const hostile of [
      '"',
      'AND(',
      '*',
      'NEAR(a b',
      'subject:',
      "' OR 1=1 --",
      '(((',
      '^',
      '-',
    ]) {
      await expect(stub.search(hostile, { limit: 10 })).resolves.toBeInstanceOf(Array);
    }
    expect(await stub.search('"holiday', { kind: 'message', limit: 10 })).toMatchObject([
      { graphId: 'm2' },
    ]);
    expect(await stub.search('holiday', { kind: 'contact', limit: 10 })).toEqual([]);
  });

  it('pages a large folder with keyset paging', async () => {
    const stub = catalog();
    await stub.syncFolders(1, 'mail', [inbox]);
    const all = Array.from({ length: 250 }, (_, i) =>
      msg(`m${String(i).padStart(4, '0')}`, `x${i}`),
    );
    await stub.commitPage(page(1, 'mail:inbox', null, 'd1', { upserts: all }));
    const seen: string[] = [];
    let afterId: string | undefined;
    let pages = 0;
    do {
      const result = await stub.snapshotItems({
        seq: 1,
        folderGraphId: 'inbox',
        kind: 'message',
        afterId,
        limit: 100,
      });
      seen.push(...result.items.map((i) => i.graphId));
      afterId = result.next;
      pages += 1;
    } while (afterId);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((m) => m.graphId));
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const result = await stub.blobIds(next, 100);
      ids.push(...result.ids);
      next = result.next;
    } while (next);
    expect(ids).toEqual([...new Set(all.map((m) => m.chunks[0]!))].sort());
    await runInDurableObject(stub, (_i, state) => {
      const plan = state.storage.sql
        .exec<{ detail: string }>(
          `EXPLAIN QUERY PLAN SELECT graph_id FROM items WHERE from_seq <= 1 AND (to_seq IS NULL OR to_seq > 1)
             AND folder_graph_id = 'inbox' AND graph_id > 'm' ORDER BY graph_id LIMIT 101`,
        )
        .toArray()
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/USING INDEX/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    });
  });

  it('reports stats and versions created per day, and purges', async () => {
    const stub = catalog();
    await stub.syncFolders(1, 'mail', [inbox]);
    await stub.syncFolders(1, 'contacts', [
      { graphId: 'contacts', parentGraphId: null, name: 'Contacts' },
    ]);
    await stub.commitPage(
      page(1, 'mail:inbox', null, 'd1', { upserts: [msg('m1', 'aa'), msg('m2', 'bbb')] }),
    );
    await stub.commitPage(
      page(1, 'contacts:contacts', null, 'c1', {
        subService: 'contacts',
        upserts: [{ ...msg('c1', 'cccc', 'contacts'), kind: 'contact' }],
      }),
    );
    const s = await stub.stats();
    expect(s).toMatchObject({ items: 3, bytes: 9, storedBytes: 9 });
    expect(s.bySubService.mail).toEqual({ items: 2, bytes: 5 });
    expect(s.bySubService.contacts).toEqual({ items: 1, bytes: 4 });
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const counts = await stub.dailyCounts(yesterday, today);
    expect(counts.map((c) => c.day)).toEqual([yesterday, today]);
    expect(counts[0]!.bySubService.mail).toBe(0);
    expect(counts[1]!.bySubService).toMatchObject({ mail: 2, contacts: 1, calendar: 0 });
    await stub.purge();
    expect((await stub.stats()).items).toBe(0);
    expect(await stub.ensureDataKey('dk1.new')).toBe('dk1.new');
  });
});

describe('FTS5 match expressions from user input', () => {
  it('quotes every term and makes the last a prefix', () => {
    expect(toMatchExpression('quarterly budg')).toBe('"quarterly" "budg"*');
    expect(toMatchExpression('alice@contoso.com')).toBe('"alice" "contoso" "com"*');
    expect(toMatchExpression('Ünïcödé 42')).toBe('"Ünïcödé" "42"*');
  });

  it('leaves no FTS syntax from hostile input', () => {
    for (const hostile of [
      '"',
      'AND(',
      '*',
      'NEAR(a b',
      'subject:x',
      "' OR 1=1 --",
      '^x',
      '-x',
      '{a b}',
    ]) {
      const expression = toMatchExpression(hostile);
      if (expression === null) continue;
      expect(expression).toMatch(/^("[\p{L}\p{N}_]+"\*? ?)+$/u);
    }
    expect(toMatchExpression('" * ( )')).toBeNull();
  });
});

describe('stable metadata JSON', () => {
  it('ignores key order at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } })).toBe(
      stableJson({ a: { c: 2, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
