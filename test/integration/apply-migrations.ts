import { applyD1Migrations, type D1Migration } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// TEST_MIGRATIONS is a test-only binding (vitest.workers.config.ts), not part of the
// Worker's Env, so it is read through a local type instead of widening Env.
const { DB, TEST_MIGRATIONS } = env as Env & { TEST_MIGRATIONS: D1Migration[] };

// Each test file gets fresh isolated storage; bring its D1 up to the latest schema.
await applyD1Migrations(DB, TEST_MIGRATIONS);
