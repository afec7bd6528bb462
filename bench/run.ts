/**
 * `npm run bench`: runs every benchmark in turn. Each prints its figures and ends with one
 * line of JSON; this runner prints one combined JSON line last.
 */
import { runApiBench } from './api.bench.ts';
import { runBackupBench } from './backup.bench.ts';

const results: Record<string, unknown> = {};
results.api = await runApiBench();
results.backup = await runBackupBench();
console.log(JSON.stringify(results));
