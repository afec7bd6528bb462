/**
 * Whether a Graph request conforms to Microsoft's own path list (`graph-paths.json`: path
 * templates, their methods and query options). The product must send nothing else, so the
 * integration suite checks every request the simulated tenant logged (global-setup.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type PathsFile = Record<string, Record<string, Record<string, string[]>>>;

interface Template {
  re: RegExp;
  ops: Record<string, string[]>;
}

let templates: Template[] | undefined;

function load(): Template[] {
  if (templates) return templates;
  const file = path.resolve(import.meta.dirname, '../../fixtures/graph/graph-paths.json');
  const paths = (JSON.parse(readFileSync(file, 'utf8')) as PathsFile)['v1.0'] ?? {};
  templates = Object.entries(paths).map(([template, ops]) => ({
    re: new RegExp(
      `^${template
        .split('/')
        .map((segment) =>
          segment.startsWith('{')
            ? '[^/]+'
            : // "delta()" is also called as "delta" (Graph accepts both).
              segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\\(\\\)$/, '(?:\\(\\))?'),
        )
        .join('/')}$`,
    ),
    ops,
  }));
  return templates;
}

/** Query options Graph adds to its own next/delta links rather than the client choosing them. */
const LINK_OPTIONS = new Set(['$skiptoken', '$deltatoken', '$skip']);

export function conformsToGraphPaths(method: string, url: string): boolean {
  const u = new URL(url, 'http://graph.invalid');
  const p = decodeURIComponent(u.pathname.replace(/^\/(v1\.0|beta)/, ''));
  if (p === '/$batch') return method.toUpperCase() === 'POST';
  const verb = method.toLowerCase();
  const t = load().find((x) => x.re.test(p) && x.ops[verb]);
  if (!t) return false;
  const allowed = t.ops[verb] ?? [];
  return [...u.searchParams.keys()].every(
    (k) => !k.startsWith('$') || LINK_OPTIONS.has(k) || allowed.includes(k),
  );
}

/** The Graph requests (not login, control or download URLs) that do not conform. */
export function nonConforming(
  entries: ReadonlyArray<{ method: string; url: string }>,
): Array<{ method: string; url: string }> {
  return entries.filter((e) => {
    const pathname = new URL(e.url, 'http://graph.invalid').pathname;
    if (!/^\/(v1\.0|beta)\//.test(pathname)) return false;
    return !conformsToGraphPaths(e.method, e.url);
  });
}
