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
