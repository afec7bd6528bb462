// Operations of an OpenAPI document as views for the reference page, grouped by tag.
// Pure functions.
import { deref } from './refs';
import { describeSchema, type SchemaNode } from './schema';
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

export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[{}]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
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
