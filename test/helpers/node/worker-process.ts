/**
 * Runs the Worker locally in its own process through wrangler's programmatic API
 * (`unstable_startWorker`) with local D1/R2/DO/Queues. We use the API instead of the
 * `wrangler dev` CLI because the CLI always opens an inspector and records every
 * subrequest as a DevTools network event, which costs most of a core under load.
 *
 * argv[2] is a JSON `WorkerProcessOptions`. Prints `ready <url>` once serving and stops
 * cleanly on SIGTERM/SIGINT or when its parent closes stdin.
 */
import { unstable_startWorker } from 'wrangler';

export interface WorkerProcessOptions {
  port: number;
  persistDir: string;
  vars: Record<string, string>;
  watch: boolean;
  logLevel: 'none' | 'error' | 'warn' | 'info' | 'log' | 'debug';
}

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessOptions;

const worker = await unstable_startWorker({
  config: 'wrangler.toml',
  envFiles: ['.dev.vars'],
  bindings: Object.fromEntries(
    Object.entries(options.vars).map(([name, value]) => [name, { type: 'plain_text', value }]),
  ),
  dev: {
    remote: false,
    inspector: false,
    server: { hostname: 'localhost', port: options.port },
    persist: options.persistDir,
    logLevel: options.logLevel,
    watch: options.watch,
    liveReload: false,
    testScheduled: true,
  },
});
const url = await worker.url;
console.log(`ready ${url.origin}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await worker.dispose().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent holds our stdin open; when it goes away (even killed outright), so do we,
// so workerd never outlives the test run or dev session that started it.
process.stdin.on('end', () => void stop());
process.stdin.resume();
