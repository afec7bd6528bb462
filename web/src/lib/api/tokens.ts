import { api } from './client';
import { call } from './http';
import type { NewTokenInput } from './types';

export function listTokens() {
  return call(api.api.v1.tokens.$get());
}

export function createToken(input: NewTokenInput) {
  return call(api.api.v1.tokens.$post({ json: input }));
}

export function revokeToken(id: string) {
  return call(api.api.v1.tokens[':id'].$delete({ param: { id } }));
}

export function getPermissionCatalog() {
  return call(api.api.v1.permissions.$get());
}
