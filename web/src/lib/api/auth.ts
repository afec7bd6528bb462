import { api } from './client';
import { call } from './http';
import type { SignUpInput } from './types';

// Endpoints where 401 is an ordinary answer (wrong password, nobody signed in yet) pass
// `session: false`, so it is not mistaken for an expired session.

export function listRegions() {
  return call(api.api.v1.regions.$get(), { session: false });
}

export function signUp(input: SignUpInput) {
  return call(api.api.v1.auth.signup.$post({ json: input }), { session: false });
}

export function activate(token: string) {
  return call(api.api.v1.auth.activate.$post({ json: { token } }), { session: false });
}

export function signIn(email: string, password: string) {
  return call(api.api.v1.auth.signin.$post({ json: { email, password } }), { session: false });
}

export function signOut() {
  return call(api.api.v1.auth.signout.$post(), { session: false });
}

export function requestPasswordReset(email: string) {
  return call(api.api.v1.auth['password-reset'].$post({ json: { email } }), { session: false });
}

export function confirmPasswordReset(input: {
  token: string;
  password: string;
  confirmPassword: string;
}) {
  return call(api.api.v1.auth['password-reset'].confirm.$post({ json: input }), {
    session: false,
  });
}

/** The signed-in principal; "not signed in" is a normal answer here. */
export function getMe() {
  return call(api.api.v1.me.$get(), { session: false });
}

export function changePassword(input: {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}) {
  return call(api.api.v1.me.password.$post({ json: input }));
}
