/**
 * A private copy of the working tree for a long benchmark. The local Worker reloads when
 * `web/dist` changes, and a reload drops the in-memory local queue, so a `vite build` run by
 * anyone else in the same checkout would strand the benchmark's queued backup parts. The copy
 * (sources, migrations, built assets; node_modules linked, not copied) is made once and the
 * process works in it until `leave()`.
 */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const SKIP = new Set(['node_modules', '.git', '.wrangler']);

export async function enterPrivateTree(): Promise<{ dir: string; leave(): Promise<void> }> {
  const source = process.cwd();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bulwark-bench-tree-'));
  await cp(source, dir, {
    recursive: true,
    filter: (src) => !SKIP.has(path.relative(source, src).split(path.sep)[0] ?? ''),
  });
  await symlink(path.join(source, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  process.chdir(dir);
  let left = false;
  return {
    dir,
    async leave() {
      if (left) return;
      left = true;
      process.chdir(source);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
