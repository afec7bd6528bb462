/**
 * The simulator's state and request pipeline: identity (keys, consent, tokens), the Graph
 * dispatcher (auth → route → query options → faults → throttling → handler → log), and the
 * pieces the control API drives.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import {
  DEMO_APP_ROLES,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_REDIRECT_URIS,
} from './app-registration.ts';
import { Faults, RequestLog, type FaultRule } from './faults.ts';
import {
  GraphError,
  Router,
  type Ctx,
  type GraphResult,
  type Route,
  type SimRequest,
  type ThrottleClass,
} from './graph/http.ts';
import { Matcher, splitPath } from './graph/match.ts';
import { Tenant, type TenantOptions } from './tenant.ts';
import { Throttle, retryAfterSeconds, type LimitOverrides } from './throttle.ts';

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

/**
 * The clock the throttling windows run on. In manual mode it stands still until told to
 * advance, so tests can put requests exactly at a limit's edge without racing real time.
 */
export class SimClock {
  private manualAt: number | null = null;
  private offset = 0;
  constructor(manual = false) {
    if (manual) this.manualAt = performance.now();
  }
  now(): number {
    return (this.manualAt ?? performance.now()) + this.offset;
  }
  get manual(): boolean {
    return this.manualAt !== null;
  }
  setManual(on: boolean): void {
    if (on === this.manual) return;
    const t = this.now();
    this.offset = 0;
    if (on) this.manualAt = t;
    else {
      this.manualAt = null;
      this.offset = t - performance.now();
    }
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface AppRegistration {
  clientId: string;
  secret: string;
  displayName: string;
  redirectUris: readonly string[];
  roles: readonly string[];
}

type PathsFile = Record<'v1.0' | 'beta', Record<string, Record<string, string[]>>>;

let pathsCache: PathsFile | undefined;
export function graphPaths(): PathsFile {
  pathsCache ??= JSON.parse(
    readFileSync(new URL('../fixtures/graph/graph-paths.json', import.meta.url), 'utf8'),
  ) as PathsFile;
  return pathsCache;
}

const FUNCTIONS = ['delta', 'getAllSites', 'getAllMessages', 'getAllRetainedMessages'];

export interface AuthInfo {
  appId: string;
  userId?: string;
  claims: JWTPayload;
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
  readonly authCodes = new Map<
    string,
    {
      userId: string;
      clientId: string;
      redirectUri: string;
      scope: string;
      nonce?: string;
      codeChallenge?: string;
      exp: number;
    }
  >();
  readonly refreshTokens = new Map<string, { userId: string; clientId: string; scope: string }>();
  readonly downloads = new Map<
    string,
    {
      exp: number;
      read: () => {
        size: number;
        slice: (s: number, e: number) => Uint8Array;
        name: string;
        mimeType: string;
      };
    }
  >();
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

  async signAppToken(app: AppRegistration): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(Date.now() / 1000);
    const life = this.options.tokenLifetimeSeconds;
    const token = await new SignJWT({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${this.tenant.id}/`,
      idp: `https://sts.windows.net/${this.tenant.id}/`,
      app_displayname: app.displayName,
      appid: app.clientId,
      appidacr: '1',
      idtyp: 'app',
      oid: servicePrincipalId(app.clientId),
      sub: servicePrincipalId(app.clientId),
      roles: [...app.roles],
      tid: this.tenant.id,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ver: '1.0',
      iat_ms: Date.now(),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(now + life)
      .sign(this.privateKey);
    return { token, expiresIn: life };
  }

  async verifyGraphToken(header: string | null): Promise<AuthInfo> {
    const unauth = (message: string) =>
      new GraphError(401, 'InvalidAuthenticationToken', message, {
        'WWW-Authenticate': `Bearer realm="", authorization_uri="${this.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      });
    if (!header) throw unauth('Access token is empty.');
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m?.[1]) throw unauth('Access token is empty.');
    const token = m[1];
    let info = this.tokenCache.get(token);
    if (!info) {
      try {
        const { payload } = await jwtVerify(token, this.publicKey, { clockTolerance: 0 });
        const appId = String(payload.appid ?? payload.azp ?? '');
        info = {
          appId,
          claims: payload,
          ...(payload.idtyp === 'user' && typeof payload.oid === 'string'
            ? { userId: payload.oid }
            : {}),
        };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ERR_JWT_EXPIRED')
          throw unauth('Lifetime validation failed, the token is expired.');
        throw unauth(
          token.split('.').length !== 3
            ? 'IDX14100: JWT is not well formed, there are no dots (.).'
            : 'Access token validation failure. Invalid audience.',
        );
      }
      if (this.tokenCache.size > 10_000) this.tokenCache.clear();
      this.tokenCache.set(token, info);
    }
    const exp = Number(info.claims.exp ?? 0) * 1000;
    const issuedMs = Number(info.claims.iat_ms ?? Number(info.claims.iat ?? 0) * 1000);
    if (exp <= Date.now() || issuedMs < this.tokensNotBefore)
      throw unauth('Lifetime validation failed, the token is expired.');
    if (info.claims.tid !== this.tenant.id)
      throw unauth('Access token validation failure. Invalid audience.');
    return info;
  }

  // ---------------------------------------------------------------- pipeline

  private normalise(path: string, auth: AuthInfo): string {
    let segs = splitPath(path);
    if (segs[0]?.toLowerCase() === 'me') {
      if (!auth.userId)
        throw new GraphError(
          400,
          'BadRequest',
          '/me request is only valid with delegated authentication flow.',
        );
      segs = ['users', auth.userId, ...segs.slice(1)];
    }
    segs = segs.map((s) => {
      const bare = s.replace(/^microsoft\.graph\./i, '');
      const fn = FUNCTIONS.find(
        (f) =>
          f.toLowerCase() === bare.toLowerCase() || `${f.toLowerCase()}()` === bare.toLowerCase(),
      );
      return fn ? `${fn}()` : s;
    });
    return (
      '/' +
      segs
        .map((s) =>
          s.includes('(')
            ? s
            : encodeURIComponent(s)
                .replace(/%24/g, '$')
                .replace(/%40/g, '@')
                .replace(/%2C/gi, ',')
                .replace(/%3A/gi, ':'),
        )
        .join('/')
    );
  }

  rewriters: ((path: string, ctx: { sim: Sim }) => string)[] = [];

  /** Handles one Graph request (top level or inside $batch). */
  async handleGraph(
    req: SimRequest,
    opts: { origin: string; batch?: number; auth?: AuthInfo },
  ): Promise<GraphResult> {
    const inBatch = opts.batch !== undefined;
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
      let path = this.normalise(vm[2] ?? '/', auth);
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
      this.checkQueryOptions(version, route, req.query);

      const ctx = this.makeCtx(req, route, hit.params, version, auth, opts.origin, path, inBatch);

      // faults
      const fault = this.faults.take(
        ['hold', 'delay', 'status', 'vanish'],
        req.method,
        path,
        inBatch,
      );
      if (fault) {
        started.fault = `${fault.kind}:${fault.id}`;
        await this.applyFault(fault, ctx, route);
      }

      // throttling
      const tc: ThrottleClass = route.throttle ? route.throttle(ctx) : null;
      if (tc) {
        if (tc.kind === 'mailbox') {
          started.mailbox = tc.key;
          const upload = ['POST', 'PUT', 'PATCH'].includes(req.method.toUpperCase())
            ? req.body.length
            : 0;
          const r = this.throttle.acquireMailbox(auth.appId, tc.key, upload);
          if ('release' in r) release = r.release;
          else {
            started.throttled = true;
            started.limit = r.limit;
            throw new GraphError(429, r.code, r.message, {
              'Retry-After': String(retryAfterSeconds(r.retryAfterMs)),
            });
          }
        } else {
          const d =
            tc.kind === 'sharepoint'
              ? this.throttle.chargeSharePoint(auth.appId, tc.units)
              : this.throttle.chargeTeams(auth.appId, tc.bucket, tc.scope);
          if (d) {
            started.throttled = true;
            started.limit = d.limit;
            throw new GraphError(
              429,
              d.code,
              d.message,
              { 'Retry-After': String(retryAfterSeconds(d.retryAfterMs)) },
              tc.kind === 'sharepoint' ? 'throttledRequest' : undefined,
            );
          }
        }
      }
      if (fault?.kind === 'hold') await this.faults.hold(fault);
      result = await route.handler(ctx);
    } catch (e) {
      result = this.errorResult(e, req);
    } finally {
      release?.();
    }
    const requestId = randomUUID();
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

  errorResult(e: unknown, req: SimRequest): GraphResult {
    const date = new Date().toISOString().replace(/\.\d+Z$/, '');
    const rid = randomUUID();
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

  private async applyFault(f: FaultRule, ctx: Ctx, route: Route): Promise<void> {
    if (f.kind === 'delay') await new Promise((r) => setTimeout(r, f.delayMs ?? 1000));
    if (f.kind === 'vanish') {
      ctx.vanish = true;
      route.vanish?.(ctx);
    }
    if (f.kind === 'status') {
      const status = f.status ?? 503;
      const headers: Record<string, string> = {};
      if (status === 429 || status === 503) headers['Retry-After'] = String(f.retryAfter ?? 1);
      const code =
        f.code ??
        (status === 429
          ? 'TooManyRequests'
          : status === 503
            ? 'serviceNotAvailable'
            : status === 504
              ? 'UnknownError'
              : 'generalException');
      const msg =
        status === 429
          ? 'Too many requests, please retry later.'
          : status === 503
            ? 'The service is temporarily unavailable. Please retry later.'
            : status === 504
              ? 'The gateway timed out.'
              : 'Injected fault.';
      throw new GraphError(status, code, msg, headers);
    }
  }

  private checkQueryOptions(version: 'v1.0' | 'beta', route: Route, query: URLSearchParams): void {
    const spec = graphPaths()[version][route.template]?.[route.method.toLowerCase()];
    if (!spec) return;
    for (const k of query.keys()) {
      if (!k.startsWith('$')) continue;
      if (k === '$skiptoken' || k === '$deltatoken') continue;
      if (!spec.includes(k))
        throw new GraphError(400, 'BadRequest', `Query option '${k}' is not allowed.`);
    }
  }

  private makeCtx(
    req: SimRequest,
    route: Route,
    params: Record<string, string>,
    version: 'v1.0' | 'beta',
    auth: AuthInfo,
    origin: string,
    path: string,
    inBatch: boolean,
  ): Ctx {
    const prefer = (req.headers.get('prefer') ?? '').toLowerCase();
    const applied: string[] = [];
    const immutable = /idtype\s*=\s*"?immutableid"?/i.test(prefer);
    if (immutable) applied.push('IdType="ImmutableId"');
    let bodyCache: unknown;
    return {
      sim: this,
      req,
      params,
      template: route.template,
      version,
      appId: auth.appId,
      origin,
      immutableIds: immutable,
      vanish: false,
      inBatch,
      path,
      applied,
      json<T>(): T {
        if (bodyCache === undefined) {
          try {
            bodyCache = req.body.length ? JSON.parse(req.body.toString('utf8')) : {};
          } catch {
            throw new GraphError(
              400,
              'BadRequest',
              'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
            );
          }
        }
        return bodyCache as T;
      },
      pageSize(def: number, max: number): number {
        const m = /odata\.maxpagesize\s*=\s*(\d+)/.exec(prefer);
        const top = req.query.get('$top');
        if (top !== null) {
          const n = Number(top);
          if (!Number.isInteger(n) || n < 0)
            throw new GraphError(
              400,
              'BadRequest',
              `Invalid value '${top}' for $top query option found.`,
            );
          return Math.min(Math.max(n, 1), max);
        }
        if (m) {
          const n = Math.min(Math.max(Number(m[1]), 1), max);
          applied.push(`odata.maxpagesize=${n}`);
          return n;
        }
        return def;
      },
    };
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

  newDownload(
    read: () => {
      size: number;
      slice: (s: number, e: number) => Uint8Array;
      name: string;
      mimeType: string;
    },
  ): string {
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

export interface UploadSession {
  id: string;
  driveId: string;
  parentKey: number;
  name: string;
  conflict: 'fail' | 'replace' | 'rename';
  total: number | null;
  chunks: Buffer[];
  received: number;
  expires: number;
  existingKey?: number;
}

export interface AttachmentUploadSession {
  id: string;
  token: string;
  appId: string;
  userId: string;
  messageRef: string;
  messageKey: number;
  name: string;
  size: number;
  contentType: string;
  isInline: boolean;
  contentId?: string;
  chunks: Buffer[];
  received: number;
  expires: number;
}

export function servicePrincipalId(clientId: string): string {
  const h = Buffer.from(clientId.replace(/-/g, ''), 'hex');
  for (let i = 0; i < h.length; i++) h[i] = (h[i] ?? 0) ^ 0x5a;
  const s = h.toString('hex');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
