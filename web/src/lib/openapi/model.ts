// Turns an OpenAPI document into plain trees the reference page renders. Pure functions.
import type {
  HttpMethod,
  OpenApiDocument,
  Operation,
  Parameter,
  RequestBody,
  ResponseObject,
  Schema,
} from './types';

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

export interface SchemaNode {
  /** Short type summary, e.g. "string (email)", "array of Token", "object". */
  type: string;
  refName?: string;
  description?: string;
  constraints: string[];
  enumValues?: string[];
  properties?: { name: string; required: boolean; node: SchemaNode }[];
  items?: SchemaNode;
  variants?: { kind: 'one of' | 'any of'; nodes: SchemaNode[] };
  /** Set when the schema refers back to one of its ancestors; not expanded again. */
  circular?: boolean;
}

export interface ParameterView {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  deprecated: boolean;
  schema?: SchemaNode;
}

export interface BodyView {
  contentType: string;
  schema?: SchemaNode;
}

export interface ResponseView {
  status: string;
  description: string;
  bodies: BodyView[];
}

export interface OperationView {
  anchor: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  authenticated: boolean;
  parameters: ParameterView[];
  requestBody?: { required: boolean; description?: string; bodies: BodyView[] };
  responses: ResponseView[];
}

export interface TagGroup {
  name: string;
  anchor: string;
  description?: string;
  operations: OperationView[];
}

const MAX_DEPTH = 8;

function refName(ref: string): string {
  return decodeURIComponent(ref.slice(ref.lastIndexOf('/') + 1))
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

/** Resolves a local "#/…" JSON pointer; undefined when it does not resolve. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function deref<T extends { $ref?: string }>(
  doc: OpenApiDocument,
  value: T | undefined,
): T | undefined {
  let current = value;
  for (let i = 0; current?.$ref && i < 10; i++)
    current = resolvePointer(doc, current.$ref) as T | undefined;
  return current;
}

export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[{}]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function constraintsOf(s: Schema): string[] {
  const out: string[] = [];
  const min = typeof s.exclusiveMinimum === 'number' ? `> ${s.exclusiveMinimum}` : undefined;
  const max = typeof s.exclusiveMaximum === 'number' ? `< ${s.exclusiveMaximum}` : undefined;
  if (s.minimum !== undefined && s.maximum !== undefined) out.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) out.push(`at least ${s.minimum}`);
  else if (s.maximum !== undefined) out.push(`at most ${s.maximum}`);
  if (min) out.push(min);
  if (max) out.push(max);
  if (s.minLength !== undefined && s.maxLength !== undefined)
    out.push(`${s.minLength} to ${s.maxLength} characters`);
  else if (s.minLength !== undefined) out.push(`at least ${s.minLength} characters`);
  else if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.minItems !== undefined) out.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${show(s.default)}`);
  if (s.const !== undefined) out.push(`always ${show(s.const)}`);
  if (s.example !== undefined) out.push(`example ${show(s.example)}`);
  else if (s.examples?.length) out.push(`example ${show(s.examples[0])}`);
  if (s.readOnly) out.push('read-only');
  if (s.writeOnly) out.push('write-only');
  if (s.deprecated) out.push('deprecated');
  return out;
}

function isNullSchema(s: Schema): boolean {
  return (
    s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null')
  );
}

/** Merges allOf parts into one object-like schema (properties, required, constraints). */
function mergeAllOf(doc: OpenApiDocument, s: Schema): Schema {
  if (!s.allOf?.length) return s;
  const merged: Schema = {
    ...s,
    allOf: undefined,
    properties: { ...s.properties },
    required: [...(s.required ?? [])],
  };
  for (const part of s.allOf) {
    const p = mergeAllOf(doc, deref(doc, part) ?? {});
    Object.assign(merged.properties!, p.properties);
    merged.required!.push(...(p.required ?? []));
    merged.type ??= p.type;
    merged.description ??= p.description;
  }
  if (!Object.keys(merged.properties!).length) delete merged.properties;
  return merged;
}

export function describeSchema(
  doc: OpenApiDocument,
  input: Schema | undefined,
  seen: ReadonlySet<string> = new Set(),
  depth = 0,
): SchemaNode {
  if (!input) return { type: 'any', constraints: [] };
  let name: string | undefined;
  let s: Schema = input;
  if (input.$ref) {
    name = refName(input.$ref);
    if (seen.has(input.$ref) || depth > MAX_DEPTH) {
      return { type: name, refName: name, constraints: [], circular: true };
    }
    seen = new Set([...seen, input.$ref]);
    const target = resolvePointer(doc, input.$ref) as Schema | undefined;
    if (!target) return { type: name, refName: name, constraints: [] };
    // Sibling keywords next to $ref (3.1) override the target's description.
    s = { ...target, ...(input.description ? { description: input.description } : {}) };
  }
  s = mergeAllOf(doc, s);
  const next = (child: Schema | undefined) => describeSchema(doc, child, seen, depth + 1);

  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  let nullable = s.nullable === true || types.includes('null');
  const concrete = types.filter((t) => t !== 'null');

  const node: SchemaNode = { type: '', constraints: constraintsOf(s) };
  if (name) node.refName = name;
  if (s.description) node.description = s.description;
  if (s.enum) node.enumValues = s.enum.map(show);

  const union = s.oneOf ?? s.anyOf;
  if (union?.length) {
    const kind = s.oneOf ? 'one of' : 'any of';
    const options = union.filter((o) => !isNullSchema(o));
    if (options.length < union.length) nullable = true;
    if (options.length === 1) {
      const only = next(options[0]);
      Object.assign(node, { ...only, description: node.description ?? only.description });
      node.constraints = [...node.constraints, ...only.constraints];
      if (name) node.refName = name;
      if (nullable) node.type = `${only.type} or null`;
      return node;
    }
    node.variants = { kind, nodes: options.map(next) };
    node.type = kind;
  } else if (concrete.includes('array') || s.items) {
    node.items = next(s.items);
    node.type = `array of ${node.items.refName ?? node.items.type}`;
  } else if (concrete.includes('object') || s.properties || s.additionalProperties) {
    const required = new Set(s.required ?? []);
    node.properties = Object.entries(s.properties ?? {}).map(([prop, child]) => ({
      name: prop,
      required: required.has(prop),
      node: next(child),
    }));
    node.type = 'object';
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      const values = next(s.additionalProperties);
      node.type = `map of ${values.refName ?? values.type}`;
      if (!node.properties.length) node.items = values;
    }
  } else if (concrete.length) {
    node.type = concrete.join(' or ');
    if (s.format) node.type += ` (${s.format})`;
  } else if (s.const !== undefined) {
    node.type = typeof s.const;
  } else {
    node.type = s.enum ? 'enum' : 'any';
  }
  if (nullable) node.type += ' or null';
  return node;
}

function bodiesOf(doc: OpenApiDocument, content: Record<string, { schema?: Schema }> | undefined) {
  return Object.entries(content ?? {}).map(([contentType, media]) => ({
    contentType,
    schema: media.schema ? describeSchema(doc, media.schema) : undefined,
  }));
}

function describeOperation(
  doc: OpenApiDocument,
  path: string,
  method: HttpMethod,
  op: Operation,
  shared: Parameter[],
): OperationView {
  const params = new Map<string, Parameter>();
  for (const raw of [...shared, ...(op.parameters ?? [])]) {
    const p = deref(doc, raw);
    if (p) params.set(`${p.in}:${p.name}`, p);
  }
  const body = deref<RequestBody>(doc, op.requestBody);
  const security = op.security ?? doc.security ?? [];
  return {
    anchor: `op-${method}-${slug(path)}`,
    method,
    path,
    summary: op.summary,
    description: op.description,
    deprecated: op.deprecated === true,
    authenticated: security.some((req) => Object.keys(req).length > 0),
    parameters: [...params.values()].map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required === true || p.in === 'path',
      description: p.description,
      deprecated: p.deprecated === true,
      schema: p.schema ? describeSchema(doc, p.schema) : undefined,
    })),
    requestBody: body
      ? {
          required: body.required === true,
          description: body.description,
          bodies: bodiesOf(doc, body.content),
        }
      : undefined,
    responses: Object.entries(op.responses ?? {})
      .map(([status, raw]) => {
        const res = deref<ResponseObject>(doc, raw) ?? {};
        return { status, description: res.description ?? '', bodies: bodiesOf(doc, res.content) };
      })
      .sort((a, b) => a.status.localeCompare(b.status)),
  };
}

const UNTAGGED = 'Other';

/** Operations grouped by their first tag: tags in document order, then the rest by name. */
export function groupByTag(doc: OpenApiDocument): TagGroup[] {
  const groups = new Map<string, TagGroup>();
  const described = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  for (const name of described.keys()) {
    groups.set(name, {
      name,
      anchor: `tag-${slug(name)}`,
      description: described.get(name),
      operations: [],
    });
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? UNTAGGED;
      let group = groups.get(tag);
      if (!group) {
        group = { name: tag, anchor: `tag-${slug(tag)}`, operations: [] };
        groups.set(tag, group);
      }
      group.operations.push(describeOperation(doc, path, method, op, item.parameters ?? []));
    }
  }
  const ordered = [...groups.values()].filter((g) => g.operations.length > 0);
  const declared = ordered.filter((g) => described.has(g.name));
  const rest = ordered
    .filter((g) => !described.has(g.name))
    .sort((a, b) =>
      a.name === UNTAGGED ? 1 : b.name === UNTAGGED ? -1 : a.name.localeCompare(b.name),
    );
  return [...declared, ...rest];
}

export interface AuthScheme {
  name: string;
  summary: string;
  description?: string;
}

export function authSchemes(doc: OpenApiDocument): AuthScheme[] {
  return Object.entries(doc.components?.securitySchemes ?? {}).map(([name, s]) => {
    let summary: string = s.type;
    if (s.type === 'http' && s.scheme?.toLowerCase() === 'bearer')
      summary = `Authorization: Bearer <${s.bearerFormat ?? 'token'}>`;
    else if (s.type === 'apiKey') summary = `${s.in ?? ''} ${s.name ?? ''}`.trim();
    return { name, summary, description: s.description };
  });
}
