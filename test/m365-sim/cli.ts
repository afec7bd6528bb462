/**
 * Runs the simulated Microsoft 365 tenant:
 *   tsx test/m365-sim/cli.ts --port 8787 --seed 1 --users 25 --messages 60 --time-scale 1 [--no-throttling] [--host 127.0.0.1]
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    seed: { type: 'string', default: '1' },
    users: { type: 'string' },
    messages: { type: 'string' },
    'time-scale': { type: 'string', default: '1' },
    'no-throttling': { type: 'boolean', default: false },
    'no-consent': { type: 'boolean', default: false },
    host: { type: 'string', default: '127.0.0.1' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(
    'usage: tsx test/m365-sim/cli.ts [--port 8790] [--seed 1] [--users 25] [--messages 60] [--time-scale 1] [--no-throttling] [--no-consent] [--host 127.0.0.1]',
  );
  process.exit(0);
}

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`m365-sim: invalid --${name} ${v}`);
    process.exit(2);
  }
  return n;
};

const users = num(values.users, 'users');
const messages = num(values.messages, 'messages');
const sim = await startSimulator({
  port: num(values.port, 'port') ?? 8790,
  seed: num(values.seed, 'seed') ?? 1,
  size: {
    ...(users !== undefined ? { users } : {}),
    ...(messages !== undefined ? { messagesPerMailbox: messages } : {}),
  },
  timeScale: num(values['time-scale'], 'time-scale') ?? 1,
  throttling: !values['no-throttling'],
  consented: !values['no-consent'],
  hostname: values.host,
});
console.log(`m365-sim listening on ${sim.url}`);
console.log(`  tenant ${sim.tenantId}  client ${sim.clientId}`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  sim.close().then(
    () => {
      console.log(`m365-sim stopped (${signal})`);
      process.exit(0);
    },
    (e: unknown) => {
      console.error('m365-sim: error while stopping', e);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
