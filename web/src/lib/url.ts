// URL parsing outside reactive state: values derived from these are replaced, never mutated.

export interface QueryParams {
  get(name: string): string | null;
  has(name: string): boolean;
}

export function parseQuery(search: string): QueryParams {
  return new URLSearchParams(search);
}

export function resolveUrl(href: string, base: string = location.href): URL {
  return new URL(href, base);
}

/** The `:name` segments of `pattern` filled from `path`, or null when it does not match. */
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  if (!pattern.includes(':')) return pattern === path ? {} : null;
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      if (!h) return null;
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) return null;
  }
  return params;
}
