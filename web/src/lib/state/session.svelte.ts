// Who is signed in. Loaded once at start from GET /api/v1/me; a 401 from any signed-in call
// ends the session and sends the user to Sign In with a notice.
import { getMe, signOut as apiSignOut } from '../api/auth';
import { ApiError, setUnauthorizedHandler } from '../api/http';
import type { Me } from '../api/types';
import { router } from './router.svelte';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out';

export interface Notice {
  kind: 'info' | 'success' | 'warning';
  text: string;
}

export class Session {
  status = $state<SessionStatus>('loading');
  me = $state<Me | null>(null);
  /** A one-time message for the next screen (e.g. "session expired" on Sign In). */
  notice = $state<Notice | null>(null);
  signingOut = $state(false);
  /** Why the last sign-out did not happen (the user is still signed in), if it failed. */
  signOutError = $state<string | null>(null);

  displayName = $derived(
    this.me
      ? `${this.me.user.firstName} ${this.me.user.lastName}`.trim() || this.me.user.email
      : '',
  );

  /** Whether the user holds `permission`; the server lists every one for administrators. */
  can(permission: string): boolean {
    return this.me?.user.permissions.some((p) => p === permission) ?? false;
  }

  async load(): Promise<void> {
    try {
      this.#signedIn(await getMe());
    } catch (error) {
      this.me = null;
      this.status = 'signed-out';
      if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) {
        this.notice = {
          kind: 'warning',
          text: error instanceof Error ? error.message : 'Could not check your session.',
        };
      }
    }
  }

  #signedIn(me: Me): void {
    this.signOutError = null;
    this.me = me;
    this.status = 'signed-in';
  }

  /** After a successful Sign In. */
  signedIn(me: Me): void {
    this.notice = null;
    this.#signedIn(me);
  }

  updateAccountName(name: string): void {
    if (this.me) this.me = { ...this.me, account: { ...this.me.account, name } };
  }

  /** The server answered 401 to a signed-in call: the session expired or was revoked. */
  expired(): void {
    if (this.status !== 'signed-in') return;
    const back = router.href;
    this.me = null;
    this.status = 'signed-out';
    this.notice = { kind: 'warning', text: 'Your session has ended. Please sign in again.' };
    router.navigate(`/signin?redirect=${encodeURIComponent(back)}`, { replace: true });
  }

  /**
   * Ends the server session, then the local one. Only an answer that the session is gone
   * (204, or 401: it had already ended) signs the user out here; when the server refused or
   * could not be reached, its session may still be valid, so the user stays signed in and
   * `signOutError` says why.
   */
  async signOut(): Promise<boolean> {
    this.signingOut = true;
    this.signOutError = null;
    try {
      await apiSignOut();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        const reason = error instanceof Error ? error.message : 'Please try again.';
        this.signOutError = `You are still signed in: signing out did not complete. ${reason}`;
        return false;
      }
    } finally {
      this.signingOut = false;
    }
    this.me = null;
    this.status = 'signed-out';
    this.notice = { kind: 'info', text: 'You have signed out.' };
    router.navigate('/signin', { replace: true });
    return true;
  }

  takeNotice(): Notice | null {
    const n = this.notice;
    this.notice = null;
    return n;
  }
}

export const session = new Session();
setUnauthorizedHandler(() => session.expired());
