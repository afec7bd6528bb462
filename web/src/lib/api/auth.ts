import { call, send } from './http';
import type { Me, Region, SignUpInput } from './types';

export function listRegions(): Promise<{ regions: Region[] }> {
  return call(send('GET', '/api/v1/regions'), { session: false });
}

export function signUp(input: SignUpInput): Promise<{ email: string }> {
  return call(send('POST', '/api/v1/auth/signup', input), { session: false });
}

export function activate(token: string): Promise<{ activated: true; email: string }> {
  return call(send('POST', '/api/v1/auth/activate', { token }), { session: false });
}

export function signIn(email: string, password: string): Promise<Me> {
  return call(send('POST', '/api/v1/auth/signin', { email, password }), { session: false });
}

export function signOut(): Promise<void> {
  return call(send('POST', '/api/v1/auth/signout'), { session: false });
}

export function requestPasswordReset(email: string): Promise<{ sent: true }> {
  return call(send('POST', '/api/v1/auth/password-reset', { email }), { session: false });
}

export function confirmPasswordReset(input: {
  token: string;
  password: string;
  confirmPassword: string;
}): Promise<{ reset: true }> {
  return call(send('POST', '/api/v1/auth/password-reset/confirm', input), { session: false });
}

/** The signed-in principal; `session: false` because "not signed in" is a normal answer here. */
export function getMe(): Promise<Me> {
  return call(send('GET', '/api/v1/me'), { session: false });
}

export function changePassword(input: {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}): Promise<{ changed: true }> {
  return call(send('POST', '/api/v1/me/password', input));
}
