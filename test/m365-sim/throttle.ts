/**
 * Microsoft Graph throttling limits (https://learn.microsoft.com/graph/throttling-limits):
 * Outlook per app per mailbox (10,000 requests / 10 min, 4 concurrent, 150 MB upload / 5 min),
 * SharePoint/OneDrive resource units per app per tenant, Teams per app per tenant.
 * Windows are divided by `timeScale`; the ratios stay the same.
 */

export interface ThrottleOptions {
  enabled: boolean;
  timeScale: number;
  now: () => number;
  limits?: LimitOverrides;
}

export type LimitOverrides = Partial<Omit<Limits, 'teams'>> & {
  teams?: Partial<Limits['teams']>;
};

export interface Limits {
  mailboxRequests: number;
  mailboxWindowMs: number;
  mailboxConcurrency: number;
  mailboxUploadBytes: number;
  mailboxUploadWindowMs: number;
  sharePointUnits: number;
  sharePointWindowMs: number;
  /** Teams requests per second per app per tenant, by request type. */
  teams: Record<TeamsBucket, number>;
  /** Teams requests per second per app on one team or channel. */
  teamsPerTeamOrChannel: number;
}

/**
 * The request types of Microsoft's Teams service-limit table that the simulator serves
 * (https://learn.microsoft.com/graph/throttling-limits#microsoft-teams-service-limits).
 */
export type TeamsBucket =
  | 'getChannelMessage'
  | 'postChannelMessage'
  | 'getTeamOrChannel'
  | 'getChannels'
  | 'getMembers'
  | 'otherGet'
  | 'other';

export const DEFAULT_LIMITS: Limits = {
  mailboxRequests: 10_000,
  mailboxWindowMs: 10 * 60_000,
  mailboxConcurrency: 4,
  mailboxUploadBytes: 150 * 1024 * 1024,
  mailboxUploadWindowMs: 5 * 60_000,
  // 0–1,000 licences: 1,250 resource units per minute per app.
  sharePointUnits: 1_250,
  sharePointWindowMs: 60_000,
  teams: {
    getChannelMessage: 20,
    postChannelMessage: 50,
    getTeamOrChannel: 30,
    getChannels: 60,
    getMembers: 60,
    otherGet: 30,
    other: 30,
  },
  teamsPerTeamOrChannel: 4,
};

export type Denial = { retryAfterMs: number; code: string; message: string; limit: string };

/** A sliding window counted in 1/100ths of the window. */
class Window {
  private readonly buckets: { t: number; n: number }[] = [];
  private total = 0;
  constructor(private readonly windowMs: number) {}
  private prune(now: number): void {
    while (this.buckets.length && (this.buckets[0]?.t ?? 0) <= now - this.windowMs) {
      this.total -= this.buckets.shift()?.n ?? 0;
    }
  }
  used(now: number): number {
    this.prune(now);
    return this.total;
  }
  add(now: number, n: number): void {
    const slot = this.windowMs / 100;
    const t = Math.floor(now / slot) * slot;
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.t === t) last.n += n;
    else this.buckets.push({ t, n });
    this.total += n;
  }
  /** ms until `need` more units fit under `limit`. */
  waitFor(now: number, need: number, limit: number): number {
    this.prune(now);
    let excess = this.total + need - limit;
    for (const b of this.buckets) {
      excess -= b.n;
      if (excess <= 0) return Math.max(1, b.t + this.windowMs - now);
    }
    return this.windowMs;
  }
}

export class Throttle {
  readonly limits: Limits;
  private readonly windows = new Map<string, Window>();
  private readonly inFlight = new Map<string, number>();
  enabled: boolean;

  constructor(private readonly opts: ThrottleOptions) {
    this.enabled = opts.enabled;
    const s = opts.timeScale > 0 ? opts.timeScale : 1;
    const l = {
      ...DEFAULT_LIMITS,
      ...opts.limits,
      teams: { ...DEFAULT_LIMITS.teams, ...opts.limits?.teams },
    };
    this.limits = {
      ...l,
      mailboxWindowMs: l.mailboxWindowMs / s,
      mailboxUploadWindowMs: l.mailboxUploadWindowMs / s,
      sharePointWindowMs: l.sharePointWindowMs / s,
    };
  }

  private window(key: string, ms: number): Window {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = new Window(ms)));
    return w;
  }

  concurrency(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  /** Outlook: one request for (app, mailbox). On success the caller must call `release`. */
  acquireMailbox(
    appId: string,
    mailbox: string,
    uploadBytes: number,
  ): { release: () => void } | Denial {
    const key = `mbx:${appId}:${mailbox}`;
    const release = () => {
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, n);
    };
    if (!this.enabled) {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
      return { release };
    }
    const now = this.opts.now();
    const l = this.limits;
    if ((this.inFlight.get(key) ?? 0) >= l.mailboxConcurrency) {
      return {
        retryAfterMs: 1000,
        code: 'ApplicationThrottled',
        message: 'Application is over its MailboxConcurrency limit.',
        limit: 'MailboxConcurrency',
      };
    }
    const reqs = this.window(key, l.mailboxWindowMs);
    if (reqs.used(now) + 1 > l.mailboxRequests) {
      return {
        retryAfterMs: reqs.waitFor(now, 1, l.mailboxRequests),
        code: 'ApplicationThrottled',
        message: 'Application is over its IncomingRequests limit.',
        limit: 'IncomingRequests',
      };
    }
    if (uploadBytes > 0) {
      const up = this.window(`up:${key}`, l.mailboxUploadWindowMs);
      if (up.used(now) + uploadBytes > l.mailboxUploadBytes) {
        return {
          retryAfterMs: up.waitFor(now, uploadBytes, l.mailboxUploadBytes),
          code: 'ApplicationThrottled',
          message: 'Application is over its IncomingBytes limit.',
          limit: 'IncomingBytes',
        };
      }
      up.add(now, uploadBytes);
    }
    reqs.add(now, 1);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    return { release };
  }

  /** SharePoint/OneDrive resource units per app per tenant. */
  chargeSharePoint(appId: string, units: number): Denial | null {
    if (!this.enabled) return null;
    const now = this.opts.now();
    const w = this.window(`spo:${appId}`, this.limits.sharePointWindowMs);
    if (w.used(now) + units > this.limits.sharePointUnits) {
      // "Throttled requests count towards usage limits" (SharePoint Online): the units of a
      // refused request are charged too, so a client that ignores Retry-After stays throttled.
      w.add(now, units);
      return {
        retryAfterMs: w.waitFor(now, units, this.limits.sharePointUnits),
        code: 'activityLimitReached',
        message: 'The request has been throttled',
        limit: 'ResourceUnits',
      };
    }
    w.add(now, units);
    return null;
  }

  /**
   * Teams: requests per second per app per tenant for the request type, and at most
   * `teamsPerTeamOrChannel` per second per app on the addressed team or channel.
   */
  chargeTeams(appId: string, bucket: TeamsBucket, scope: string): Denial | null {
    if (!this.enabled) return null;
    const now = this.opts.now();
    const ms = 1000 / (this.opts.timeScale > 0 ? this.opts.timeScale : 1);
    const perSecond = this.limits.teams[bucket];
    const w = this.window(`teams:${bucket}:${appId}`, ms);
    const deny = (win: Window, limit: number, name: string): Denial => ({
      retryAfterMs: win.waitFor(now, 1, limit),
      code: 'TooManyRequests',
      message: 'Too many requests.',
      limit: name,
    });
    if (w.used(now) + 1 > perSecond) return deny(w, perSecond, `Teams:${bucket}`);
    const local = this.window(`teams:scope:${appId}:${scope}`, ms);
    if (local.used(now) + 1 > this.limits.teamsPerTeamOrChannel)
      return deny(local, this.limits.teamsPerTeamOrChannel, 'Teams:teamOrChannel');
    w.add(now, 1);
    local.add(now, 1);
    return null;
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Retry-After is whole seconds on the wire (at least 1). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
