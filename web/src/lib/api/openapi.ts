import { call, send } from './http';
import type { OpenApiDocument } from '../openapi/types';

export function getOpenApiDocument(): Promise<OpenApiDocument> {
  return call(send('GET', '/api/v1/openapi.json'), { session: false });
}
