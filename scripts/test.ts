/**
 * `npm test`: everything, in order, stopping at the first failure — typecheck, lint and
 * format check, unit tests (Node), integration tests (workerd), browser tests (Chromium).
 */
import { spawn } from 'node:child_process';
import { ensureChromium } from '../test/helpers/node/chromium.ts';
import { ensureDevVars, wranglerEnv } from '../test/helpers/node/wrangler-env.ts';

interface Step {
  name: string;
  commands: string[][];
}

const bin = (name: string) => `node_modules/.bin/${name}`;

const steps: Step[] = [
  {
    name: 'Typecheck',
    commands: [
      [bin('tsc'), '-p', 'tsconfig.json'],
      [bin('tsc'), '-p', 'tsconfig.node.json'],
      [
        bin('svelte-check'),
        '--tsconfig',
        'web/tsconfig.json',
        '--fail-on-warnings',
        '--output',
        'machine',
      ],
    ],
  },
  {
    name: 'Lint and format check',
    commands: [
      [bin('eslint'), '.'],
      [bin('prettier'), '--check', '.'],
    ],
  },
  // The Worker's static-assets binding needs the portal build, so it precedes the runtimes.
  { name: 'Build portal', commands: [[bin('vite'), 'build', '--logLevel', 'warn']] },
  { name: 'Unit tests', commands: [[bin('vitest'), 'run', '-c', 'vitest.unit.config.ts']] },
  {
    name: 'Integration tests (workerd)',
    commands: [[bin('vitest'), 'run', '-c', 'vitest.workers.config.ts']],
  },
  {
    name: 'Browser tests (Chromium)',
    commands: [[bin('vitest'), 'run', '-c', 'vitest.e2e.config.ts']],
  },
];

let current: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    current?.kill(signal);
    process.exit(130);
  });
}

function runCommand([command, ...args]: string[]): Promise<number> {
  return new Promise((resolve) => {
    current = spawn(command!, args, {
      stdio: 'inherit',
      env: { ...wranglerEnv, ...process.env, CI: '1' },
    });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

ensureDevVars();
// Found (or installed) before the long steps, so a missing browser stops the run at once.
process.env.CHROME_PATH = ensureChromium();
console.log(`Chromium: ${process.env.CHROME_PATH}`);
const started = Date.now();
for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${step.name}`);
  for (const command of step.commands) {
    const code = await runCommand(command);
    if (code !== 0) {
      console.error(`\n✖ ${step.name} failed after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      process.exit(code);
    }
  }
  console.log(`✔ ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
