/** Graph error bodies: a GraphError as Microsoft renders it, anything else as a 500. */
import { randomUUID } from 'node:crypto';
import { GraphError, type GraphResult, type SimRequest } from '../graph/http.ts';

/** `requestId` is the id of the request being answered (also its `request-id` header). */
export function errorResult(
  e: unknown,
  req: SimRequest,
  requestId: string = randomUUID(),
): GraphResult {
  const date = new Date().toISOString().replace(/\.\d+Z$/, '');
  const rid = requestId;
  const inner = {
    date,
    'request-id': rid,
    'client-request-id': req.headers.get('client-request-id') ?? rid,
  };
  if (e instanceof GraphError) {
    return {
      status: e.status,
      headers: e.headers,
      json: {
        error: {
          code: e.code,
          message: e.message,
          innerError: e.innerCode ? { code: e.innerCode, ...inner } : inner,
        },
      },
    };
  }
  console.error('m365-sim internal error', e);
  return {
    status: 500,
    json: {
      error: {
        code: 'InternalServerError',
        message: String((e as Error)?.message ?? e),
        innerError: inner,
      },
    },
  };
}
