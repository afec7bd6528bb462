/**
 * One error type for everything the Graph client can fail with: an HTTP answer from Graph
 * or Entra ID, a network failure, or a request we refused to send. `retryable` says whether
 * trying again later can succeed; `retryAfterSeconds` is the server's hint when it gave one.
 *
 * It extends the SDK's GraphClientError because @microsoft/microsoft-graph-client rethrows
 * that type from a middleware unchanged, while any other error is flattened into its own
 * GraphError (losing our fields).
 */
import { GraphClientError } from '@microsoft/microsoft-graph-client';

/** Statuses a later attempt can get past (0 = no HTTP answer: network failure). */
const RETRYABLE_STATUSES = new Set([0, 408, 429, 500, 502, 503, 504]);

export interface GraphApiErrorInit {
  status: number;
  code: string;
  message: string;
  retryable?: boolean;
  retryAfterSeconds?: number;
  requestId?: string;
}

export class GraphApiError extends GraphClientError {
  readonly status: number;
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: GraphApiErrorInit) {
    super(init.message);
    // GraphClientError pins the prototype to itself; restore the subclass chain.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable ?? RETRYABLE_STATUSES.has(init.status);
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
  }

  /** Builds the error from a non-2xx Graph response (`{ error: { code, message } }`). */
  static async fromResponse(res: Response): Promise<GraphApiError> {
    let code = `Http${res.status}`;
    let message = res.statusText || `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code === 'string') code = body.error.code;
      if (typeof body.error?.message === 'string') message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    return new GraphApiError({
      status: res.status,
      code,
      message,
      retryAfterSeconds: parseRetryAfter(res.headers.get('Retry-After')),
      requestId: res.headers.get('request-id') ?? undefined,
    });
  }
}

/** The SDK's GraphError, as far as we read it. */
interface SdkGraphError {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  headers?: Headers;
}

function isSdkGraphError(e: unknown): e is SdkGraphError {
  return e instanceof Error && typeof (e as Partial<SdkGraphError>).statusCode === 'number';
}

/** Normalises anything a Graph call throws into a GraphApiError. */
export function toGraphApiError(e: unknown): GraphApiError {
  if (e instanceof GraphApiError) return e;
  if (isSdkGraphError(e)) {
    const status = e.statusCode < 0 ? 0 : e.statusCode;
    return new GraphApiError({
      status,
      code: e.code ?? (status === 0 ? 'NetworkError' : `Http${status}`),
      message: e.message,
      retryAfterSeconds: parseRetryAfter(e.headers?.get('Retry-After') ?? null),
      requestId: e.requestId ?? e.headers?.get('request-id') ?? undefined,
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new GraphApiError({ status: 0, code: 'NetworkError', message });
}

/**
 * `Retry-After` as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - now) / 1000);
}
