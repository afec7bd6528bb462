/** Matches request paths against Graph path templates ("/users/{user-id}/messages/delta()"). */
import type { Route } from './http.ts';

interface Compiled {
  route: Route;
  segs: ({ lit: string } | { param: string } | { re: RegExp; names: string[] })[];
  score: number[];
}

export class Matcher {
  private readonly compiled: Compiled[] = [];
  constructor(routes: Route[]) {
    for (const route of routes) {
      const segs = splitTemplate(route.template).map((s) => {
        const whole = /^\{([^}]+)\}$/.exec(s);
        if (whole) return { param: whole[1] ?? '' };
        if (s.includes('{')) {
          const names: string[] = [];
          const re = new RegExp(
            '^' +
              s
                .split(/(\{[^}]+\})/)
                .map((p) => {
                  const m = /^\{([^}]+)\}$/.exec(p);
                  if (m) {
                    names.push(m[1] ?? '');
                    return '(.*)';
                  }
                  return p.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
                })
                .join('') +
              '$',
            'i',
          );
          return { re, names };
        }
        return { lit: s.toLowerCase() };
      });
      this.compiled.push({
        route,
        segs,
        score: segs.map((s) => ('lit' in s ? 2 : 're' in s ? 1 : 0)),
      });
    }
  }

  /** Returns the routes whose template matches the path (any method), best first. */
  match(path: string): { route: Route; params: Record<string, string> }[] {
    const parts = splitPath(path);
    const hits: { route: Route; params: Record<string, string>; score: number[] }[] = [];
    for (const c of this.compiled) {
      if (c.segs.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let okay = true;
      for (let i = 0; i < parts.length && okay; i++) {
        const seg = c.segs[i];
        const part = parts[i] ?? '';
        if (!seg) okay = false;
        else if ('lit' in seg) okay = seg.lit === part.toLowerCase();
        else if ('param' in seg) {
          okay = part.length > 0 && !part.includes('(');
          params[seg.param] = part;
        } else {
          const m = seg.re.exec(part);
          if (!m) okay = false;
          else seg.names.forEach((n, k) => (params[n] = m[k + 1] ?? ''));
        }
      }
      if (okay) hits.push({ route: c.route, params, score: c.score });
    }
    hits.sort((a, b) => {
      for (let i = 0; i < a.score.length; i++) {
        const d = (b.score[i] ?? 0) - (a.score[i] ?? 0);
        if (d) return d;
      }
      return 0;
    });
    return hits;
  }
}

export function splitTemplate(t: string): string[] {
  return t.split('/').filter(Boolean);
}

/** Splits a request path into decoded segments; slashes inside (...) stay in their segment. */
export function splitPath(p: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of p) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === '(') depth++;
    if (!quote && ch === ')') depth--;
    if (ch === '/' && depth === 0 && !quote) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}
