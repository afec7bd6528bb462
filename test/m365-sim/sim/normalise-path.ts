/** Request paths in canonical form: /me expanded, functions spelled `name()`, segments encoded. */
import { GraphError } from '../graph/http.ts';
import { splitPath } from '../graph/match.ts';
import type { AuthInfo } from './tokens.ts';

const FUNCTIONS = ['delta', 'getAllSites', 'getAllMessages', 'getAllRetainedMessages'];

export function normalisePath(path: string, auth: AuthInfo): string {
  let segs = splitPath(path);
  if (segs[0]?.toLowerCase() === 'me') {
    if (!auth.userId)
      throw new GraphError(
        400,
        'BadRequest',
        '/me request is only valid with delegated authentication flow.',
      );
    segs = ['users', auth.userId, ...segs.slice(1)];
  }
  segs = segs.map((s) => {
    const bare = s.replace(/^microsoft\.graph\./i, '');
    const fn = FUNCTIONS.find(
      (f) =>
        f.toLowerCase() === bare.toLowerCase() || `${f.toLowerCase()}()` === bare.toLowerCase(),
    );
    return fn ? `${fn}()` : s;
  });
  return (
    '/' +
    segs
      .map((s) =>
        s.includes('(')
          ? s
          : encodeURIComponent(s)
              .replace(/%24/g, '$')
              .replace(/%40/g, '@')
              .replace(/%2C/gi, ',')
              .replace(/%3A/gi, ':'),
      )
      .join('/')
  );
}
