import type { EntityKeys } from '../crypto/entity-keys';
import type { BlobStore } from '../storage/blob-store';
import { entityPrefix } from './types';

/**
 * One committed page, appended to the store beside the blobs, so an EntityCatalog can be
 * rebuilt from the store alone and a verifier can check snapshots against content hashes.
 */
export interface LogRecord {
  seq: number;
  scope: string;
  cursorFrom: string | null;
  cursorTo: string;
  upserts: Array<{
    graphId: string;
    kind?: string;
    folderGraphId?: string;
    sha256: string;
    size?: number;
    chunks: string[];
    meta?: Record<string, unknown>;
  }>;
  removals: Array<{ graphId: string; kind?: string }>;
}

const SEQ_DIGITS = 10;

export function logPrefix(accountId: string, entityId: string, seq?: number): string {
  const base = `${entityPrefix(accountId, entityId)}log/`;
  return seq === undefined ? base : `${base}${String(seq).padStart(SEQ_DIGITS, '0')}/`;
}

/**
 * Seals and writes `record`; returns its key. Keys sort by seq then time, and the random
 * suffix keeps two writers of the same millisecond apart.
 */
export async function writeLogRecord(
  store: BlobStore,
  keys: EntityKeys,
  accountId: string,
  entityId: string,
  record: LogRecord,
): Promise<string> {
  const stamp = String(Date.now()).padStart(15, '0');
  const random = crypto.randomUUID().replace(/-/g, '').slice(0, 12);
  const key = `${logPrefix(accountId, entityId, record.seq)}${stamp}-${random}`;
  const sealed = await keys.seal(new TextEncoder().encode(JSON.stringify(record)));
  await store.putIfAbsent(key, sealed);
  return key;
}

/** Every log record of an entity in key order (seq, then time), decrypted. */
export async function* readLogRecords(
  store: BlobStore,
  keys: EntityKeys,
  accountId: string,
  entityId: string,
): AsyncGenerator<{ key: string; record: LogRecord }> {
  let cursor: string | undefined;
  do {
    const page = await store.list(logPrefix(accountId, entityId), cursor);
    for (const key of page.keys) {
      const object = await store.get(key);
      if (!object) continue;
      const sealed = new Uint8Array(await new Response(object.body).arrayBuffer());
      const record = JSON.parse(new TextDecoder().decode(await keys.open(sealed))) as LogRecord;
      yield { key, record };
    }
    cursor = page.cursor;
  } while (cursor);
}
