import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

// `Env` comes from `wrangler types`; a wrangler.toml or .dev.vars.example change without
// `npm run types` must fail here rather than surface as mistyped bindings at runtime.
it('worker-configuration.d.ts is up to date with wrangler.toml', async () => {
  const result = await run(
    'npx',
    ['wrangler', 'types', '--env-file', '.dev.vars.example', '--strict-vars=false', '--check'],
    {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    },
  ).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
  expect(result.code, `stale types — run \`npm run types\`\n${result.output}`).toBe(0);
}, 60_000);
