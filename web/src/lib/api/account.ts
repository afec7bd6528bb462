import { call, send } from './http';
import type { Account } from './types';

export function getAccount(): Promise<Account> {
  return call(send('GET', '/api/v1/account'));
}

export function renameAccount(name: string): Promise<Account> {
  return call(send('PATCH', '/api/v1/account', { name }));
}
