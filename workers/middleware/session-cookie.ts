import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The portal session cookie: `__Host-bulwark_session`. The `__Host-` prefix makes browsers
 * insist on Secure, Path=/ and no Domain, so no sibling subdomain can set or read it;
 * HttpOnly keeps it from scripts; SameSite=Lax keeps it off cross-site subrequests (and the
 * Origin check covers the rest).
 */
const NAME = 'bulwark_session';
export const SESSION_COOKIE_NAME = `__Host-${NAME}`;

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, NAME, 'host') || undefined;
}

export function writeSessionCookie(c: Context, secret: string, maxAgeSeconds: number): void {
  setCookie(c, NAME, secret, {
    prefix: 'host',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, NAME, {
    prefix: 'host',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
  });
}
