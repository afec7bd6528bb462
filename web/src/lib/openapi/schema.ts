// Describes a JSON Schema of an OpenAPI document as a plain tree (type summary, constraints,
// properties, items, variants) that the reference page renders. Pure functions.
import { deref, refName, resolvePointer } from './refs';
import type { OpenApiDocument, Schema } from './types';

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

const MAX_DEPTH = 8;

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
