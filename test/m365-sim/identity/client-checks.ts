/** Checks on the tenant segment and the client's redirect URI. */
import type { AppRegistration, Sim } from '../sim.ts';

/** Resolves the tenant segment: the demo tenant's id or one of its domains; common/organizations. */
export function tenantKind(sim: Sim, seg: string): 'tenant' | 'multi' | 'unknown' {
  const s = seg.toLowerCase();
  if (s === 'common' || s === 'organizations') return 'multi';
  if (s === sim.tenant.id || s === sim.tenant.domain || s === sim.tenant.initialDomain)
    return 'tenant';
  return 'unknown';
}

export function redirectAllowed(app: AppRegistration, uri: string): boolean {
  if (app.redirectUris.includes(uri)) return true;
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}
