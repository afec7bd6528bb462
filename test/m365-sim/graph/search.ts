/**
 * `$search` on messages (https://learn.microsoft.com/graph/search-query-parameter#using-search-on-message-collections):
 * Keyword Query Language, enough of it for a backup product's search: free text over the
 * default properties from, subject and body; property restrictions (attachment, bcc, body,
 * cc, from, hasAttachments, importance, kind, participants, received, recipients, sent,
 * subject, to); implicit AND, explicit AND / OR / NOT and parentheses; quoted phrases.
 * Words match case-insensitively by prefix (`invo` finds "invoice"), phrases as a whole.
 */
import type { Address } from '../mime.ts';
import type { MessageData } from '../tenant.ts';
import { GraphError } from './http.ts';

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; node: Node }
  | { kind: 'term'; prop: string | null; op: string; value: string };

const PROPS = new Set([
  'attachment',
  'bcc',
  'body',
  'cc',
  'from',
  'hasattachment',
  'hasattachments',
  'importance',
  'kind',
  'participants',
  'received',
  'recipients',
  'sent',
  'subject',
  'to',
]);

const invalid = (why: string) =>
  new GraphError(400, 'BadRequest', `Syntax error: ${why} in the $search query.`);

function tokenize(q: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push(ch);
      i++;
      continue;
    }
    // a term: up to whitespace or a parenthesis, with "quoted" runs kept whole
    let tok = '';
    while (i < q.length && !/[\s()]/.test(q[i] ?? '')) {
      if (q[i] === '"') {
        const end = q.indexOf('"', i + 1);
        if (end < 0) throw invalid('an unterminated quote');
        tok += q.slice(i, end + 1);
        i = end + 1;
      } else tok += q[i++];
    }
    out.push(tok);
  }
  return out;
}

function parse(q: string): Node {
  const toks = tokenize(q);
  let i = 0;
  const peek = () => toks[i];
  const unary = (): Node => {
    const t = toks[i++];
    if (t === undefined) throw invalid('a missing term');
    if (t === 'NOT') return { kind: 'not', node: unary() };
    if (t === '(') {
      const n = or();
      if (toks[i++] !== ')') throw invalid("a missing ')'");
      return n;
    }
    if (t.startsWith('-') && t.length > 1) return { kind: 'not', node: term(t.slice(1)) };
    return term(t);
  };
  const and = (): Node => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t === undefined || t === ')' || t === 'OR') return left;
      if (t === 'AND') i++;
      left = { kind: 'and', left, right: unary() };
    }
  };
  const or = (): Node => {
    let left = and();
    while (peek() === 'OR') {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const n = or();
  if (i < toks.length) throw invalid(`an unexpected '${toks[i] ?? ''}'`);
  return n;
}

function term(t: string): Node {
  const m = /^([A-Za-z]+)(:|>=|<=|>|<|=)(.*)$/.exec(t);
  if (m && PROPS.has((m[1] ?? '').toLowerCase())) {
    return {
      kind: 'term',
      prop: (m[1] ?? '').toLowerCase(),
      op: m[2] ?? ':',
      value: unquote(m[3] ?? ''),
    };
  }
  return { kind: 'term', prop: null, op: ':', value: unquote(t) };
}

function unquote(v: string): string {
  return v.replace(/"/g, '');
}

function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Word-prefix match for a single word (a trailing * changes nothing), phrase match otherwise. */
function textMatches(haystack: string, needle: string): boolean {
  const n = words(needle.replace(/\*$/, ''));
  if (n.length === 0) return true;
  const h = words(haystack);
  if (n.length === 1) return h.some((w) => w.startsWith(n[0] ?? ''));
  for (let i = 0; i + n.length <= h.length; i++) {
    if (n.every((w, k) => (k === n.length - 1 ? h[i + k]?.startsWith(w) : h[i + k] === w)))
      return true;
  }
  return false;
}

const addrText = (list: Address[]) => list.map((a) => `${a.name} ${a.address}`).join(' ');

/** A KQL date: yyyy-mm-dd or mm/dd/yyyy (US), as the UTC day it names. */
function day(v: string): number | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(v);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]));
  return null;
}

function dateMatches(iso: string, op: string, value: string): boolean {
  const d = day(value);
  if (d === null) throw invalid(`an invalid date '${value}'`);
  const t = Date.parse(iso);
  const next = d + 86_400_000;
  switch (op) {
    case ':':
    case '=':
      return t >= d && t < next;
    case '>':
      return t >= next;
    case '>=':
      return t >= d;
    case '<':
      return t < d;
    case '<=':
      return t < next;
  }
  return false;
}

function termMatches(n: Extract<Node, { kind: 'term' }>, d: MessageData): boolean {
  const v = n.value;
  switch (n.prop) {
    case null:
      return (
        textMatches(d.subject, v) ||
        textMatches(d.bodyText, v) ||
        textMatches(addrText([d.from]), v)
      );
    case 'subject':
      return textMatches(d.subject, v);
    case 'body':
      return textMatches(d.bodyText, v);
    case 'from':
      return textMatches(addrText([d.from]), v);
    case 'to':
      return textMatches(addrText(d.to), v);
    case 'cc':
      return textMatches(addrText(d.cc), v);
    case 'bcc':
      return textMatches(addrText(d.bcc), v);
    case 'recipients':
      return textMatches(addrText([...d.to, ...d.cc, ...d.bcc]), v);
    case 'participants':
      return textMatches(addrText([d.from, ...d.to, ...d.cc, ...d.bcc]), v);
    case 'attachment':
      return d.attachments.some((a) => !a.isInline && textMatches(a.name, v));
    case 'hasattachment':
    case 'hasattachments':
      return d.attachments.some((a) => !a.isInline) === (v.toLowerCase() === 'true');
    case 'importance': {
      const want = v.toLowerCase() === 'medium' ? 'normal' : v.toLowerCase();
      return d.importance === want;
    }
    case 'kind':
      return v.toLowerCase() === 'email';
    case 'received':
      return dateMatches(d.receivedDateTime, n.op, v);
    case 'sent':
      return dateMatches(d.sentDateTime, n.op, v);
  }
  return false;
}

function evaluate(n: Node, d: MessageData): boolean {
  switch (n.kind) {
    case 'and':
      return evaluate(n.left, d) && evaluate(n.right, d);
    case 'or':
      return evaluate(n.left, d) || evaluate(n.right, d);
    case 'not':
      return !evaluate(n.node, d);
    case 'term':
      return termMatches(n, d);
  }
}

/** Compiles a `$search` value (`"pizza"`, `"from:ana subject:invoice"`) into a predicate. */
export function compileSearch(raw: string): (d: MessageData) => boolean {
  let q = raw.trim();
  if (q.length >= 2 && q.startsWith('"') && q.endsWith('"')) q = q.slice(1, -1);
  q = q.replace(/\\"/g, '"');
  if (!q.trim()) throw invalid('an empty query');
  const tree = parse(q);
  return (d) => evaluate(tree, d);
}
