import { copyFileSync, existsSync } from 'node:fs';

/** Environment for every wrangler invocation: never reach the network, never prompt. */
export const wranglerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CI: '1',
};

Object.assign(process.env, {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
});

/** Local secrets: `.dev.vars` is created from the committed example on a fresh clone. */
export function ensureDevVars(): void {
  if (!existsSync('.dev.vars')) copyFileSync('.dev.vars.example', '.dev.vars');
}
