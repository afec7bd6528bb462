/** Shared types and helpers of the simulated Graph surface. */
import type { Sim } from '../sim.ts';
import type { TeamsBucket } from '../throttle.ts';

export interface SimRequest {
  method: string;
  /** Path including the version segment, e.g. /v1.0/users. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: Buffer;
}

export interface GraphResult {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: Uint8Array;
  contentType?: string;
  /** A `cut` fault: the connection breaks after this many bytes of `raw`. */
  cutAfter?: number;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly innerCode?: string,
  ) {
    super(message);
  }
}

export const notFound = (
  what = 'The specified object was not found in the store.',
  code = 'ErrorItemNotFound',
) => new GraphError(404, code, what);
export const badRequest = (message: string, code = 'BadRequest') =>
  new GraphError(400, code, message);

export type ThrottleClass =
  | { kind: 'mailbox'; key: string }
  | { kind: 'sharepoint'; units: number }
  | { kind: 'teams'; bucket: TeamsBucket; scope: string }
  | null;

export interface Ctx {
  sim: Sim;
  req: SimRequest;
  params: Record<string, string>;
  template: string;
  version: 'v1.0' | 'beta';
  appId: string;
  /** Scheme://host[:port] the client used. */
  origin: string;
  immutableIds: boolean;
  /** Set when a vanish fault matched: handlers delete the addressed item first. */
  vanish: boolean;
  inBatch: boolean;
  /** Path after the version, as matched (after rewrites). */
  path: string;
  json<T = Record<string, unknown>>(): T;
  /** Page size from Prefer: odata.maxpagesize or $top, clamped. */
  pageSize(def: number, max: number): number;
  applied: string[];
}

export type Handler = (ctx: Ctx) => GraphResult | Promise<GraphResult>;

export interface Route {
  method: string;
  template: string;
  handler: Handler;
  throttle?: (ctx: Ctx) => ThrottleClass;
  /** Delete the addressed item (vanish fault). */
  vanish?: (ctx: Ctx) => void;
}

export class Router {
  readonly routes: Route[] = [];
  add(
    method: string,
    template: string,
    handler: Handler,
    extra: { throttle?: Route['throttle']; vanish?: Route['vanish'] } = {},
  ): void {
    this.routes.push({ method: method.toUpperCase(), template, handler, ...extra });
  }
  get(t: string, h: Handler, e?: Parameters<Router['add']>[3]): void {
    this.add('GET', t, h, e);
  }
  post(t: string, h: Handler, e?: Parameters<Router['add']>[3]): void {
    this.add('POST', t, h, e);
  }
  patch(t: string, h: Handler, e?: Parameters<Router['add']>[3]): void {
    this.add('PATCH', t, h, e);
  }
  put(t: string, h: Handler, e?: Parameters<Router['add']>[3]): void {
    this.add('PUT', t, h, e);
  }
  delete(t: string, h: Handler, e?: Parameters<Router['add']>[3]): void {
    this.add('DELETE', t, h, e);
  }
}

export function ok(json: unknown, status = 200, headers?: Record<string, string>): GraphResult {
  return { status, json, ...(headers ? { headers } : {}) };
}

export function noContent(): GraphResult {
  return { status: 204 };
}

/** base64url(JSON) page/sync state. */
export function encodeState(v: unknown): string {
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
}

export function decodeState<T>(s: string): T | null {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

/** Applies $select to an entity (always keeps id and @odata annotations). */
export function select(obj: Record<string, unknown>, sel: string | null): Record<string, unknown> {
  if (!sel) return obj;
  const keep = new Set(
    sel
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'id' || k.startsWith('@') || keep.has(k)) out[k] = v;
  }
  return out;
}

// ----------------------------------------------------------------- $filter

export type Expr =
  | { op: 'and' | 'or'; left: Expr; right: Expr }
  | { op: 'not'; expr: Expr }
  | { op: 'cmp'; cmp: string; prop: string; value: unknown }
  | { op: 'fn'; fn: string; prop: string; value: string }
  | { op: 'any'; prop: string; cmp: string; value: unknown };

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re =
    /\s*('(?:[^']|'')*'|\(|\)|,|[A-Za-z_][\w/.@]*(?::[A-Za-z_]\w*)?|-?\d+(?:\.\d+)?(?:[-T:.\dZ+]*)?)\s*/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < s.length && (m = re.exec(s))) {
    out.push(m[1] ?? '');
    pos = re.lastIndex;
  }
  if (pos < s.length)
    throw badRequest(`Invalid filter clause: syntax error at position ${pos} in '${s}'.`);
  return out;
}

function literal(tok: string): unknown {
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok === 'null') return null;
  const n = Number(tok);
  if (!Number.isNaN(n) && /^-?\d+(\.\d+)?$/.test(tok)) return n;
  return tok; // dates unquoted
}

export function parseFilter(s: string): Expr {
  const toks = tokenize(s);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++] ?? '';
  const expect = (t: string) => {
    if (next() !== t) throw badRequest(`Invalid filter clause: expected '${t}'.`);
  };
  const primary = (): Expr => {
    const t = next();
    if (t === '(') {
      const e = or();
      expect(')');
      return e;
    }
    if (t === 'not') return { op: 'not', expr: primary() };
    const lower = t.toLowerCase();
    if (['startswith', 'endswith', 'contains'].includes(lower) && peek() === '(') {
      next();
      const prop = next();
      expect(',');
      const value = String(literal(next()));
      expect(')');
      return { op: 'fn', fn: lower, prop, value };
    }
    // prop/any(x:x eq 'v')
    const anyMatch = /^(.*)\/any$/i.exec(t);
    if (anyMatch && peek() === '(') {
      next();
      const lambda = next(); // x:x
      void lambda;
      const cmp = next().toLowerCase();
      const value = literal(next());
      expect(')');
      return { op: 'any', prop: anyMatch[1] ?? '', cmp, value };
    }
    const cmp = next().toLowerCase();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(cmp))
      throw badRequest(`Invalid filter clause: unsupported operator '${cmp}'.`);
    return { op: 'cmp', cmp, prop: t, value: literal(next()) };
  };
  const and = (): Expr => {
    let left = primary();
    while (peek()?.toLowerCase() === 'and') {
      next();
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (peek()?.toLowerCase() === 'or') {
      next();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const e = or();
  if (i < toks.length) throw badRequest(`Invalid filter clause: unexpected '${toks[i]}'.`);
  return e;
}

function getProp(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i;

function compare(a: unknown, cmp: string, b: unknown): boolean {
  // DateTimeOffset values compare as instants, whatever their textual precision
  const asDate =
    typeof a === 'string' && typeof b === 'string' && ISO_DATE.test(a) && ISO_DATE.test(b);
  const norm = (v: unknown) =>
    asDate ? Date.parse(String(v)) : typeof v === 'string' ? v.toLowerCase() : v;
  const x = norm(a);
  const y = norm(b);
  switch (cmp) {
    case 'eq':
      return x === y || (x === undefined && y === null);
    case 'ne':
      return x !== y;
    case 'gt':
      return (x as number) > (y as number);
    case 'ge':
      return (x as number) >= (y as number);
    case 'lt':
      return (x as number) < (y as number);
    case 'le':
      return (x as number) <= (y as number);
  }
  return false;
}

export function evalFilter(e: Expr, obj: Record<string, unknown>): boolean {
  switch (e.op) {
    case 'and':
      return evalFilter(e.left, obj) && evalFilter(e.right, obj);
    case 'or':
      return evalFilter(e.left, obj) || evalFilter(e.right, obj);
    case 'not':
      return !evalFilter(e.expr, obj);
    case 'cmp':
      return compare(getProp(obj, e.prop), e.cmp, e.value);
    case 'fn': {
      const v = String(getProp(obj, e.prop) ?? '').toLowerCase();
      const w = e.value.toLowerCase();
      return e.fn === 'startswith'
        ? v.startsWith(w)
        : e.fn === 'endswith'
          ? v.endsWith(w)
          : v.includes(w);
    }
    case 'any': {
      const arr = getProp(obj, e.prop);
      return Array.isArray(arr) && arr.some((v) => compare(v, e.cmp, e.value));
    }
  }
}

/** The properties of an `$orderby` value, in order, with their directions. */
export function parseOrderBy(orderby: string): { prop: string; desc: boolean }[] {
  return orderby
    .split(',')
    .map((p) => p.trim().split(/\s+/))
    .filter((p) => p[0])
    .map(([prop, dir]) => ({ prop: prop ?? '', desc: dir?.toLowerCase() === 'desc' }));
}

/** The properties a `$filter` expression refers to, in order of appearance. */
export function filterProps(e: Expr): string[] {
  const out: string[] = [];
  const walk = (x: Expr) => {
    switch (x.op) {
      case 'and':
      case 'or':
        walk(x.left);
        walk(x.right);
        return;
      case 'not':
        walk(x.expr);
        return;
      default:
        if (!out.includes(x.prop)) out.push(x.prop);
    }
  };
  walk(e);
  return out;
}

export function applyOrderBy(
  items: Record<string, unknown>[],
  orderby: string | null,
): Record<string, unknown>[] {
  if (!orderby) return items;
  const keys = parseOrderBy(orderby);
  return [...items].sort((a, b) => {
    for (const { prop, desc } of keys) {
      const x = getProp(a, prop) as string | number;
      const y = getProp(b, prop) as string | number;
      if (x !== y) return (x > y ? 1 : -1) * (desc ? -1 : 1);
    }
    return 0;
  });
}
