import type { Db } from '../db/client';
import type { Config } from '../env';
import type { Mailer } from './mail';

/** Who is asking, as far as the network can tell; recorded on audit rows and sessions. */
export interface RequestMeta {
  /** `CF-Connecting-IP`, or `unknown` when absent (local tools, tests). */
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/**
 * What services need from the outside world, built once per request by middleware. Kept
 * explicit (rather than services reading bindings) so the routes → services → db direction
 * holds and tests can substitute parts.
 */
export interface Deps {
  db: Db;
  config: Config;
  mailer: Mailer;
  request: RequestMeta;
  /** Origin for links in emails: APP_URL, or the request's origin in development. */
  baseUrl: string;
  /** Runs work after the response (ctx.waitUntil); failures are logged, never thrown. */
  defer(task: () => Promise<unknown>): void;
}
