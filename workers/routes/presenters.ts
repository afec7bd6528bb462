import type { AccountRow, ApiTokenRow } from '../db/client';
import { permissionsOfUser } from '../domain/permissions';
import { regionName } from '../domain/regions';
import type { Principal } from '../services/auth/principal';
import type { RegionCode } from '../domain/regions';

/** Row → response body mappers: ISO timestamps, no internal columns (hashes) ever leave. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function accountBody(account: AccountRow) {
  return {
    id: account.id,
    name: account.name,
    region: account.region as RegionCode,
    regionName: regionName(account.region),
    status: account.status,
    trialEndsAt: iso(account.trialEndsAt),
    createdAt: account.createdAt.toISOString(),
  };
}

export function meBody(principal: Principal) {
  const { user } = principal;
  const { createdAt: _createdAt, ...account } = accountBody(principal.account);
  return {
    user: {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      role: user.role,
      // The user's own permissions; a token acts with `principal.scopes` ∩ these.
      permissions: permissionsOfUser(user.role, user.permissions),
      isPrimary: user.isPrimary,
    },
    account,
    principal:
      principal.kind === 'token'
        ? { kind: 'token' as const, scopes: principal.token?.scopes ?? [] }
        : { kind: 'session' as const },
  };
}

export function tokenBody(token: ApiTokenRow) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  };
}
