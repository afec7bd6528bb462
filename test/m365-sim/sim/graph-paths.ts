/** The Graph path templates the simulator may serve, and the query options each allows. */
import { readFileSync } from 'node:fs';
import { GraphError, type Route } from '../graph/http.ts';

type PathsFile = Record<'v1.0' | 'beta', Record<string, Record<string, string[]>>>;

let pathsCache: PathsFile | undefined;
export function graphPaths(): PathsFile {
  pathsCache ??= JSON.parse(
    readFileSync(new URL('../../fixtures/graph/graph-paths.json', import.meta.url), 'utf8'),
  ) as PathsFile;
  return pathsCache;
}

export function checkQueryOptions(
  version: 'v1.0' | 'beta',
  route: Route,
  query: URLSearchParams,
): void {
  const spec = graphPaths()[version][route.template]?.[route.method.toLowerCase()];
  if (!spec) return;
  for (const k of query.keys()) {
    if (!k.startsWith('$')) continue;
    if (k === '$skiptoken' || k === '$deltatoken') continue;
    if (!spec.includes(k))
      throw new GraphError(400, 'BadRequest', `Query option '${k}' is not allowed.`);
  }
}
