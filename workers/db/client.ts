import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = DrizzleD1Database<typeof schema>;

export function createDb(d1: D1Database): Db {
  return drizzle(d1, { schema });
}

export type AccountRow = typeof schema.accounts.$inferSelect;
export type UserRow = typeof schema.users.$inferSelect;
export type ApiTokenRow = typeof schema.apiTokens.$inferSelect;
export type OutboxMessageRow = typeof schema.outboxMessages.$inferSelect;
