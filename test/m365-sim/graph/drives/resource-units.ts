/** SharePoint throttling cost of drive requests. */
import type { Ctx, ThrottleClass } from '../http.ts';

/**
 * SharePoint/OneDrive resource units of a Graph request
 * (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 * 1 for a single item, a delta with a token or a download; 2 for multi-item queries, delta
 * without a token, create, update, delete and upload; 5 for permission operations, including
 * `$expand=permissions`.
 */
export const spo =
  (units: number) =>
  (ctx: Ctx): ThrottleClass => ({
    kind: 'sharepoint',
    units:
      /(^|\/)permissions(\/|$)/i.test(ctx.path) ||
      /\bpermissions\b/i.test(ctx.req.query.get('$expand') ?? '')
        ? 5
        : units,
  });

/** Delta with a token costs 1 resource unit, without one 2. */
export const spoDelta = (ctx: Ctx): ThrottleClass =>
  spo(ctx.params.token || ctx.req.query.get('token') ? 1 : 2)(ctx);

/** Route options of a single-item request (1 resource unit). */
export const oneUnit = { throttle: spo(1) };
/** Route options of a multi-item query, create, update, delete or upload (2 resource units). */
export const twoUnits = { throttle: spo(2) };
