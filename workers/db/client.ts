import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = DrizzleD1Database<typeof schema>;

const instances = new WeakMap<D1Database, Db>();

/**
 * The drizzle instance for a D1 binding, built once per binding (per isolate) rather than on
 * every request: building one walks the whole schema. It holds no per-request state.
 */
export function createDb(d1: D1Database): Db {
  let db = instances.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    instances.set(d1, db);
  }
  return db;
}

export type AccountRow = typeof schema.accounts.$inferSelect;
export type UserRow = typeof schema.users.$inferSelect;
export type ApiTokenRow = typeof schema.apiTokens.$inferSelect;
export type OutboxMessageRow = typeof schema.outboxMessages.$inferSelect;

/** Rows a D1 write changed: D1 reports it in `meta.changes`, which drizzle leaves untyped. */
export function rowsChanged(result: unknown): number {
  return (result as { meta?: { changes?: number } }).meta?.changes ?? 0;
}
