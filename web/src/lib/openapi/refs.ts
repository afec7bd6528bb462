// Local JSON-pointer references ("#/components/schemas/Token") in an OpenAPI document.
import type { OpenApiDocument } from './types';

/** The last segment of a reference, unescaped: the name a schema is shown under. */
export function refName(ref: string): string {
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

/** Follows a chain of $refs (at most 10) to the object they point at. */
export function deref<T extends { $ref?: string }>(
  doc: OpenApiDocument,
  value: T | undefined,
): T | undefined {
  let current = value;
  for (let i = 0; current?.$ref && i < 10; i++)
    current = resolvePointer(doc, current.$ref) as T | undefined;
  return current;
}
