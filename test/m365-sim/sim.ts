/**
 * The simulator's state and request pipeline: identity (keys, consent, tokens), the Graph
 * dispatcher (auth → route → query options → faults → throttling → handler → log), and the
 * pieces the control API drives.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import {
  DEMO_APP_ROLES,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_REDIRECT_URIS,
} from './app-registration.ts';
import { Faults, RequestLog } from './faults.ts';
import {
  GraphError,
  Router,
  type GraphResult,
  type SimRequest,
  type ThrottleClass,
} from './graph/http.ts';
import { Matcher, splitPath } from './graph/match.ts';
import { SimClock } from './sim/clock.ts';
import { errorResult } from './sim/error-result.ts';
import { applyFault } from './sim/fault-injection.ts';
import { checkQueryOptions } from './sim/graph-paths.ts';
import { normalisePath } from './sim/normalise-path.ts';
import { makeCtx } from './sim/request-context.ts';
import type {
  AttachmentUploadSession,
  DownloadSource,
  PendingAuthCode,
  PendingDownload,
  UploadSession,
} from './sim/sessions.ts';
import { admitRequest } from './sim/throttling.ts';
import {
  signAppToken,
  verifyGraphToken,
  type AppRegistration,
  type AuthInfo,
} from './sim/tokens.ts';
import { Tenant, type TenantOptions } from './tenant.ts';
import { Throttle, type LimitOverrides } from './throttle.ts';

export { SimClock } from './sim/clock.ts';
export { graphPaths } from './sim/graph-paths.ts';
export type * from './sim/sessions.ts';
export { servicePrincipalId, type AppRegistration, type AuthInfo } from './sim/tokens.ts';

export interface SimOptions {
  seed: number;
  users: number;
  messagesPerMailbox: number;
  timeScale: number;
  throttling: boolean;
  /** Admin consent already granted to the demo app (default true). */
  consented: boolean;
  tokenLifetimeSeconds: number;
  limits?: LimitOverrides;
  /** 'manual' freezes the throttling clock; it then moves only by `/_sim/clock` (default 'real'). */
  clock?: 'real' | 'manual';
}

export class Sim {
  tenant!: Tenant;
  readonly faults = new Faults();
  readonly log = new RequestLog();
  throttle!: Throttle;
  readonly clock: SimClock;
  readonly apps = new Map<string, AppRegistration>();
  consented = new Set<string>();
  /** Tokens issued before this instant (ms) are rejected as expired. */
  tokensNotBefore = 0;
  privateKey!: CryptoKey;
  publicKey!: CryptoKey;
  jwk!: JWK;
  readonly kid = 'sim-key-1';
  readonly router = new Router();
  matcher!: Matcher;
  private readonly tokenCache = new Map<string, AuthInfo>();
  readonly authCodes = new Map<string, PendingAuthCode>();
  readonly refreshTokens = new Map<string, { userId: string; clientId: string; scope: string }>();
  readonly downloads = new Map<string, PendingDownload>();
  readonly uploads = new Map<string, UploadSession>();
  /** Outlook attachment upload sessions (`createUploadSession` on a message). */
  readonly attachmentUploads = new Map<string, AttachmentUploadSession>();
  origin = 'http://localhost';
  consentDecision: 'accept' | 'decline' = 'accept';

  constructor(readonly options: SimOptions) {
    this.clock = new SimClock(options.clock === 'manual');
  }

  async init(registerRoutes: (r: Router, sim: Sim) => void): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' };
    this.apps.set(DEMO_CLIENT_ID, {
      clientId: DEMO_CLIENT_ID,
      secret: DEMO_CLIENT_SECRET,
      displayName: 'Bulwark Backup (demo)',
      redirectUris: DEMO_REDIRECT_URIS,
      roles: DEMO_APP_ROLES,
    });
    registerRoutes(this.router, this);
    this.matcher = new Matcher(this.router.routes);
    this.reset();
  }

  /** Back to the seeded state (same seed → same tenant). */
  reset(): void {
    const t: TenantOptions = {
      seed: this.options.seed,
      users: this.options.users,
      messagesPerMailbox: this.options.messagesPerMailbox,
    };
    this.tenant = new Tenant(t);
    this.throttle = new Throttle({
      enabled: this.options.throttling,
      timeScale: this.options.timeScale,
      now: () => this.clock.now(),
      ...(this.options.limits ? { limits: this.options.limits } : {}),
    });
    this.faults.clear();
    this.log.clear();
    this.consented = new Set(this.options.consented ? [DEMO_CLIENT_ID] : []);
    this.tokensNotBefore = 0;
    this.tokenCache.clear();
    this.downloads.clear();
    this.uploads.clear();
    this.attachmentUploads.clear();
  }

  // ---------------------------------------------------------------- tokens

  signAppToken(app: AppRegistration): Promise<{ token: string; expiresIn: number }> {
    return signAppToken(this, app);
  }

  verifyGraphToken(header: string | null): Promise<AuthInfo> {
    return verifyGraphToken(this, this.tokenCache, header);
  }

  // ---------------------------------------------------------------- pipeline

  rewriters: ((path: string, ctx: { sim: Sim }) => string)[] = [];

  /** Handles one Graph request (top level or inside $batch). */
  async handleGraph(
    req: SimRequest,
    opts: { origin: string; batch?: number; auth?: AuthInfo },
  ): Promise<GraphResult> {
    const inBatch = opts.batch !== undefined;
    // one id per request, for the request-id header and any error's innerError
    const requestId = randomUUID();
    const started = {
      throttled: false as boolean,
      limit: undefined as string | undefined,
      fault: undefined as string | undefined,
      mailbox: undefined as string | undefined,
      appId: undefined as string | undefined,
    };
    let result: GraphResult;
    let release: (() => void) | undefined;
    try {
      const vm = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.path);
      if (!vm)
        throw new GraphError(400, 'BadRequest', `Invalid version: ${req.path.split('/')[1] ?? ''}`);
      const version = vm[1] as 'v1.0' | 'beta';
      const auth = opts.auth ?? (await this.verifyGraphToken(req.headers.get('authorization')));
      started.appId = auth.appId;
      let path = normalisePath(vm[2] ?? '/', auth);
      for (const rw of this.rewriters) path = rw(path, { sim: this });
      const hits = this.matcher.match(path);
      if (!hits.length) {
        const last = splitPath(path).pop() ?? '';
        throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${last}'.`);
      }
      const hit = hits.find((h) => h.route.method === req.method.toUpperCase());
      if (!hit)
        throw new GraphError(
          405,
          'Request_BadRequest',
          `Specified HTTP method is not allowed for the request target.`,
        );
      const route = hit.route;
      checkQueryOptions(version, route, req.query);

      const ctx = makeCtx(this, req, route, hit.params, version, auth, opts.origin, path, inBatch);

      // faults
      const fault = this.faults.take(
        ['hold', 'delay', 'status', 'vanish'],
        req.method,
        path,
        inBatch,
      );
      if (fault) {
        started.fault = `${fault.kind}:${fault.id}`;
        await applyFault(fault, ctx, route);
      }

      // throttling
      const tc: ThrottleClass = route.throttle ? route.throttle(ctx) : null;
      release = admitRequest(this.throttle, tc, req, auth.appId, started);
      if (fault?.kind === 'hold') await this.faults.hold(fault);
      result = await route.handler(ctx);
    } catch (e) {
      result = this.errorResult(e, req, requestId);
    } finally {
      release?.();
    }
    result.headers = {
      'request-id': requestId,
      'client-request-id': req.headers.get('client-request-id') ?? requestId,
      ...result.headers,
    };
    this.log.add({
      method: req.method.toUpperCase(),
      url: req.path + (req.query.size ? '?' + req.query.toString() : ''),
      status: result.status,
      throttled: started.throttled,
      ...(started.limit ? { limit: started.limit } : {}),
      ...(started.fault ? { fault: started.fault } : {}),
      ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
      ...(started.mailbox ? { mailbox: started.mailbox } : {}),
      ...(started.appId ? { appId: started.appId } : {}),
    });
    return result;
  }

  errorResult(e: unknown, req: SimRequest, requestId?: string): GraphResult {
    return errorResult(e, req, requestId);
  }

  // ---------------------------------------------------------------- control helpers

  grantConsent(clientId: string): void {
    this.consented.add(clientId);
  }

  revokeConsent(clientId: string): void {
    this.consented.delete(clientId);
  }

  expireTokens(): void {
    this.tokensNotBefore = Date.now() + 1;
    this.tokenCache.clear();
  }

  newDownload(read: () => DownloadSource): string {
    const id = randomUUID().replace(/-/g, '');
    // pre-authenticated URLs are short-lived (minutes in Microsoft's service)
    this.downloads.set(id, {
      exp: Date.now() + (60 * 60_000) / Math.max(1, this.options.timeScale),
      read,
    });
    if (this.downloads.size > 50_000) {
      const first = this.downloads.keys().next().value;
      if (first) this.downloads.delete(first);
    }
    return `${this.origin}/_layouts/15/download.aspx?UniqueId=${randomUUID()}&tempauth=${id}`;
  }
}
