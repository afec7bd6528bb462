// A small history-API router: the current location as state, navigate(), and same-origin
// link interception so ordinary <a href> elements work as in-app links.

import { parseQuery, resolveUrl } from '../url';

const SERVER_PREFIXES = ['/api/', '/dev/', '/__'];

export interface NavigateOptions {
  replace?: boolean;
}

export class Router {
  path = $state('/');
  search = $state('');
  /** Increments on every change of path or query; used for focus management. */
  version = $state(0);
  query = $derived(parseQuery(this.search));

  #started = false;

  constructor() {
    if (typeof location !== 'undefined') this.#read();
  }

  #read(force = false): void {
    const path = location.pathname.replace(/\/+$/, '') || '/';
    const search = location.search;
    // Fragment-only changes (table of contents, skip link) are not navigations.
    if (!force && this.version > 0 && path === this.path && search === this.search) return;
    this.path = path;
    this.search = search;
    this.version += 1;
  }

  /** The path and query of the current location, e.g. for a post-sign-in redirect. */
  get href(): string {
    return this.path + this.search;
  }

  navigate(to: string, options: NavigateOptions = {}): void {
    const url = resolveUrl(to);
    if (url.origin !== location.origin) {
      location.assign(url.href);
      return;
    }
    const target = url.pathname + url.search + url.hash;
    if (options.replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    this.#read(true);
    if (!url.hash) window.scrollTo(0, 0);
  }

  /**
   * Takes a query parameter out of the address bar and the current history entry without
   * navigating (no new page, no focus move) — for one-time tokens from emailed links, so they
   * do not linger in history, bookmarks or screenshots once the page has read them.
   */
  forgetParam(name: string): void {
    const url = resolveUrl(location.href);
    if (!url.searchParams.has(name)) return;
    url.searchParams.delete(name);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    this.search = url.search;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    window.addEventListener('popstate', () => this.#read());
    document.addEventListener('click', (event) => this.#onClick(event));
  }

  #onClick(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || !anchor.hasAttribute('href')) return;
    if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
    if (anchor.getAttribute('rel')?.split(/\s+/).includes('external')) return;
    const url = resolveUrl(anchor.href);
    if (url.origin !== location.origin) return;
    if (SERVER_PREFIXES.some((p) => url.pathname.startsWith(p))) return;
    // In-page anchors (skip link, table of contents) keep the browser's own behaviour.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  }
}

export const router = new Router();

/** Only same-origin in-app paths are accepted as redirect targets. */
export function safeRedirect(value: string | null, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return fallback;
  return value;
}
