import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { localS3Buckets, localVarOverrides } from './local-config.ts';
import { freePort } from './ports.ts';
import { startS3Server, type S3Server } from './s3-server.ts';
import { ensureDevVars, wranglerEnv } from './wrangler-env.ts';
import type { WorkerProcessOptions } from './worker-process.ts';
import type { StartOptions as SimulatorStartOptions } from '../../m365-sim/server.ts';

const run = promisify(execFile);
const wranglerBin = path.resolve('node_modules/wrangler/bin/wrangler.js');

export interface LocalStackOptions {
  /** Fixed ports for `npm run dev`; free ports are picked when omitted. */
  port?: number;
  s3Port?: number;
  simPort?: number;
  /** Keep local state here between runs; a fresh temporary directory otherwise. */
  persistDir?: string;
  /** Start the simulated Microsoft 365 tenant beside the Worker. */
  simulator?: boolean;
  watch?: boolean;
  seedDemo?: boolean;
  logLevel?: WorkerProcessOptions['logLevel'];
  /**
   * Options for the simulated tenant (when `simulator` is set): company size, time scale,
   * throttling limits… The simulator's own defaults apply to anything left out.
   */
  simulatorOptions?: Pick<
    SimulatorStartOptions,
    'seed' | 'size' | 'timeScale' | 'throttling' | 'limits' | 'tokenLifetimeSeconds'
  >;
  /**
   * Extra Worker vars, applied over wrangler.toml and the local overrides (e.g.
   * GRAPH_MAILBOX_REQUESTS, GRAPH_MAILBOX_WINDOW_MS, BACKUP_MAX_PARTS_PER_TENANT).
   */
  vars?: Record<string, string>;
}

export interface LocalStack {
  url: string;
  simUrl: string | undefined;
  s3Endpoint: string;
  /** The demo sign-in, as the Worker's seeding answered it (when seedDemo was set). */
  demo: { email: string; password: string } | undefined;
  stop(): Promise<void>;
}

/**
 * The whole product on this machine: s3rver for the S3 region, the simulated tenant, local
 * D1 migrations, and the Worker (with its DOs and queues) in a child process. `stop()`
 * ends everything it started, so no test run leaves a server behind.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  ensureDevVars();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const persistDir = opts.persistDir ?? (await mkdtemp(path.join(os.tmpdir(), 'bulwark-state-')));
    if (opts.persistDir === undefined) {
      cleanups.push(() => rm(persistDir, { recursive: true, force: true }));
    }
    const s3: S3Server = await startS3Server({
      port: opts.s3Port ?? (await freePort()),
      buckets: localS3Buckets(),
      directory: opts.persistDir ? path.join(opts.persistDir, 's3') : undefined,
    });
    cleanups.push(() => s3.stop());

    let simUrl: string | undefined;
    if (opts.simulator) {
      const { startSimulator } = await import('../../m365-sim/server.ts');
      const sim = await startSimulator({
        ...opts.simulatorOptions,
        port: opts.simPort ?? (await freePort()),
      });
      simUrl = sim.url;
      cleanups.push(() => sim.close());
    }

    await run(
      process.execPath,
      [wranglerBin, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir],
      { env: wranglerEnv },
    );

    const port = opts.port ?? (await freePort());
    const child = startWorkerProcess({
      port,
      persistDir,
      vars: { ...localVarOverrides({ s3Endpoint: s3.endpoint, simUrl }), ...opts.vars },
      watch: opts.watch ?? false,
      logLevel: opts.logLevel ?? 'warn',
    });
    cleanups.push(() => stopProcessGroup(child));
    const url = await waitForReady(child);

    let demo: LocalStack['demo'];
    if (opts.seedDemo) {
      const res = await fetch(`${url}/dev/seed`, { method: 'POST' });
      if (!res.ok)
        throw new Error(`seeding the demo account failed: ${res.status} ${await res.text()}`);
      demo = (await res.json()) as { email: string; password: string };
    }
    return { url, simUrl, s3Endpoint: s3.endpoint, demo, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startWorkerProcess(options: WorkerProcessOptions): ChildProcess {
  const entry = path.resolve('test/helpers/node/worker-process.ts');
  // Its own process group, so stopping it also stops workerd and anything else it spawned.
  return spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    env: wranglerEnv,
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) =>
      reject(new Error(`the local Worker exited before it was ready (exit code ${code})`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const match = /^ready (\S+)/.exec(line);
      if (match?.[1]) {
        child.off('exit', onExit);
        resolve(match[1]);
      } else if (line.trim() !== '') {
        process.stdout.write(`[worker] ${line}\n`);
      }
    });
  });
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  kill('SIGKILL');
}
