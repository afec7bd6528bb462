import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './context';
import { AppError, errorBody } from './errors';
import { errorForLog } from './log';
import { authenticate } from './middleware/authenticate';
import { requestContext } from './middleware/request-context';
import { requestId } from './middleware/request-id';
import { sameOrigin } from './middleware/same-origin';
import { securityHeaders } from './middleware/security-headers';
import { accountRoutes } from './routes/account';
import { authRoutes } from './routes/auth';
import { backupTaskRoutes } from './routes/backup-tasks';
import { connectRoutes } from './routes/connect';
import { SECURITY_SCHEMES } from './routes/define-route';
import { devRoutes } from './routes/dev';
import { drillDownRoutes } from './routes/drill-down';
import { entityRoutes } from './routes/entities';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { permissionRoutes } from './routes/permissions';
import { regionRoutes } from './routes/regions';
import { systemActivityRoutes } from './routes/system-activity';
import { tagRoutes } from './routes/tags';
import { tokenRoutes } from './routes/tokens';
import { validationHook } from './routes/validation';

/** Requests larger than this are refused before parsing; the API takes small JSON bodies. */
const MAX_BODY_BYTES = 64 * 1024;

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    // Raised by Hono itself: malformed JSON (400), wrong content type (415), body limit (413).
    if (error.status === 415) return new AppError('unsupported_media_type');
    if (error.status === 413) return new AppError('payload_too_large');
    if (error.status < 500) return new AppError('bad_request', error.message);
  }
  return new AppError('internal');
}

const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .route('/', healthRoutes)
  .route('/', regionRoutes)
  .route('/', authRoutes)
  .route('/', meRoutes)
  .route('/', accountRoutes)
  .route('/', tokenRoutes)
  .route('/', permissionRoutes)
  .route('/', backupTaskRoutes)
  .route('/', connectRoutes)
  .route('/', entityRoutes)
  .route('/', tagRoutes)
  .route('/', drillDownRoutes)
  .route('/', systemActivityRoutes);

const root = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// Middleware is registered before the routes (order matters in Hono) but outside the
// chain below, because `.use()` returns a plain Hono and would drop the OpenAPI methods.
root.use('*', requestId, securityHeaders, requestContext, sameOrigin);
root.use(
  '/api/*',
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('payload_too_large');
    },
  }),
  authenticate,
);

/** The Worker's HTTP app; its type (AppType) drives the portal's typed client. */
export const app = root.route('/api/v1', api).route('/dev', devRoutes);

app.openAPIRegistry.registerComponent(
  'securitySchemes',
  'bearerToken',
  SECURITY_SCHEMES.bearerToken,
);
app.openAPIRegistry.registerComponent(
  'securitySchemes',
  'sessionCookie',
  SECURITY_SCHEMES.sessionCookie,
);

app.doc31('/api/v1/openapi.json', (c) => ({
  openapi: '3.1.0',
  info: {
    title: 'Bulwark API',
    version: '1.0.0',
    description:
      'Microsoft 365 backup. Authenticate scripts with `Authorization: Bearer bwk_…` (create tokens in Settings › API tokens). Errors are `{"error":{"code","message","requestId"}}`; every response carries `X-Request-Id`.',
  },
  servers: [{ url: new URL(c.req.url).origin }],
}));

app.onError((error, c) => {
  const appError = toAppError(error);
  const id = c.get('requestId') ?? 'unknown';
  if (appError.code === 'internal') {
    // Detail goes to the logs only (never query parameters: see log.ts); the client gets
    // the request id to quote.
    console.error(
      JSON.stringify({ event: 'unhandled_error', requestId: id, ...errorForLog(error) }),
    );
  }
  if (appError.retryAfter !== undefined) c.header('Retry-After', String(appError.retryAfter));
  return c.json(errorBody(appError, id), appError.status);
});

app.notFound((c) =>
  c.json(errorBody(new AppError('not_found'), c.get('requestId') ?? 'unknown'), 404),
);

export type AppType = typeof app;
