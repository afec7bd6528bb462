import type { OpenApiDocument } from '../openapi/types';
import { callJson, getJson } from './http';

// The document route is served by the OpenAPI registry, outside the typed client.
export function getOpenApiDocument(): Promise<OpenApiDocument> {
  return callJson(getJson('/api/v1/openapi.json'), { session: false });
}
