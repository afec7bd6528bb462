import { call, send } from './http';
import type { ApiToken, CreatedToken, NewTokenInput, PermissionCatalog } from './types';

export function listTokens(): Promise<{ tokens: ApiToken[] }> {
  return call(send('GET', '/api/v1/tokens'));
}

export function createToken(input: NewTokenInput): Promise<CreatedToken> {
  return call(send('POST', '/api/v1/tokens', input));
}

export function revokeToken(id: string): Promise<void> {
  return call(send('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`));
}

export function getPermissionCatalog(): Promise<PermissionCatalog> {
  return call(send('GET', '/api/v1/permissions'));
}
