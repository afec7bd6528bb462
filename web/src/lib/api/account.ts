import { api } from './client';
import { call } from './http';

export function getAccount() {
  return call(api.api.v1.account.$get());
}

export function renameAccount(name: string) {
  return call(api.api.v1.account.$patch({ json: { name } }));
}
