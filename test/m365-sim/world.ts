/** The simulated world's fixed epoch, its date format and small text helpers used by every seeder. */
import type { User } from './model/directory.ts';
import type { Address } from './mime.ts';

/** Fixed epoch of the simulated world: content dates are placed before it. */
export const WORLD_EPOCH = Date.UTC(2025, 5, 30, 12, 0, 0);

export const DAY = 86_400_000;

export function isoAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function addr(u: User): Address {
  return { name: u.displayName, address: u.mail ?? u.userPrincipalName };
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
