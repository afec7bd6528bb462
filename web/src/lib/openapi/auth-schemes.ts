// The security schemes of an OpenAPI document, summarised for the reference page.
import type { OpenApiDocument } from './types';

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
