/**
 * `npm run dev`: the whole product on this machine — web build (rebuilt on change), local
 * D1 migrations, s3rver, the simulated Microsoft 365 tenant, the Worker with local
 * D1/R2/DO/Queues, and an idempotently seeded demo account. Ctrl+C stops everything.
 */
import { spawn, spawnSync } from 'node:child_process';
import { startLocalStack } from '../test/helpers/node/local-stack.ts';

const port = Number(process.env.PORT ?? 8787);
const simPort = Number(process.env.SIM_PORT ?? 8790);
const s3Port = Number(process.env.S3_PORT ?? 4569);

const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const stack = await startLocalStack({
  port,
  simPort,
  s3Port,
  persistDir: '.state',
  simulator: true,
  watch: true,
  seedDemo: true,
  logLevel: 'info',
});
const webWatch = spawn('node_modules/.bin/vite', ['build', '--watch', '--logLevel', 'warn'], {
  stdio: ['ignore', 'inherit', 'inherit'],
});

console.log(`
  Bulwark is running at ${stack.url}

  Sign in:   ${stack.demo?.email}
  Password:  ${stack.demo?.password}

  Simulated Microsoft 365 tenant: ${stack.simUrl}
  Outbox (activation and reset mails): ${stack.url}/dev/mail
  API reference: ${stack.url}/api-reference

  Press Ctrl+C to stop.
`);

// Whatever ends this process (Ctrl+C reaches the whole process group, a signal only us),
// the watcher goes with it.
process.on('exit', () => webWatch.kill('SIGTERM'));

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  webWatch.kill('SIGTERM');
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
