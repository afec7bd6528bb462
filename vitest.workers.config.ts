import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { localVarOverrides } from './test/helpers/node/local-config.ts';

// Integration tests run inside workerd with the real bindings declared in wrangler.toml
// (local D1, R2, Durable Objects, Queues); s3rver for the S3 region and the simulated
// Microsoft 365 tenant run in the Node global setup.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ...localVarOverrides({ s3Endpoint: inject('s3Endpoint'), simUrl: inject('simUrl') }),
          },
        },
      })),
    ],
    test: {
      include: ['test/integration/**/*.test.ts'],
      globalSetup: ['./test/integration/global-setup.ts'],
      setupFiles: ['./test/integration/apply-migrations.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
});
