/**
 * The portal's static responses: every one carries the Content-Security-Policy of
 * web/public/_headers (SPA fallback routes and hashed assets alike), the built index.html
 * has nothing inline that policy would block, and only real hashed files are cached as
 * immutable — a missing /assets/… path (answered with index.html) never is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startStack, type Stack } from './harness.ts';

const INDEX_HTML = path.resolve('web/dist/index.html');

let stack: Stack;
let browser: Browser;
let indexHtml: string;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  indexHtml = readFileSync(INDEX_HTML, 'utf8');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Directive name → its source list, as a browser reads a policy. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The URLs of the scripts and stylesheets the built index.html loads. */
function builtAssets(): string[] {
  const urls = [
    ...indexHtml.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="(\/assets\/[^"]+)"/g),
  ]
    .map((m) => m[1])
    .filter((url): url is string => url !== undefined);
  return [...new Set(urls)];
}

async function get(pathname: string): Promise<Response> {
  const res = await fetch(`${stack.baseUrl}${pathname}`);
  await res.arrayBuffer();
  return res;
}

function maxAge(cacheControl: string): number {
  return Number(/(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl)?.[1] ?? 0);
}

describe('Content-Security-Policy', () => {
  it('is sent with the SPA fallback routes and the built assets', async () => {
    const scripts = builtAssets().filter((url) => url.endsWith('.js'));
    expect(scripts.length, 'index.html loads a built script').toBeGreaterThan(0);

    for (const pathname of ['/', '/settings/account', ...builtAssets()]) {
      const res = await get(pathname);
      expect(res.status, pathname).toBe(200);
      const policy = res.headers.get('Content-Security-Policy') ?? '';
      expect(policy, `${pathname} has a CSP`).not.toBe('');
      const directives = parsePolicy(policy);
      expect(directives.get('script-src'), pathname).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors'), pathname).toEqual(["'none'"]);
      expect(policy, pathname).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
      expect(res.headers.get('X-Content-Type-Options'), pathname).toBe('nosniff');
    }

    const page = await get('/settings/account');
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    const script = await get(scripts[0]!);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
  });

  it('has nothing inline in the built index.html that the policy would block', async () => {
    const page = await browser.newPage();
    try {
      const found = await page.evaluate((html) => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        const problems: string[] = [];
        for (const script of Array.from(doc.querySelectorAll('script'))) {
          if (!script.hasAttribute('src')) problems.push(`inline <script>: ${script.outerHTML}`);
        }
        for (const el of Array.from(doc.querySelectorAll('*'))) {
          for (const attr of Array.from(el.attributes)) {
            if (/^on/i.test(attr.name))
              problems.push(`event handler ${attr.name} on <${el.localName}>`);
            if (attr.name === 'style') problems.push(`style attribute on <${el.localName}>`);
            if (/^\s*javascript:/i.test(attr.value))
              problems.push(`javascript: URL in ${attr.name}`);
          }
        }
        if (doc.querySelector('style')) problems.push('inline <style>');
        return { problems, scripts: doc.querySelectorAll('script[src]').length };
      }, indexHtml);
      expect(found.problems).toEqual([]);
      expect(found.scripts).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });
});

describe('caching', () => {
  it('caches the built hashed assets as immutable for a year', async () => {
    for (const pathname of builtAssets()) {
      const cacheControl = (await get(pathname)).headers.get('Cache-Control') ?? '';
      expect(cacheControl, pathname).toMatch(/\bimmutable\b/);
      expect(maxAge(cacheControl), pathname).toBe(31_536_000);
    }
  });

  it('never caches the SPA fallback as immutable, not even under /assets/', async () => {
    for (const pathname of ['/', '/settings/account', '/assets/index-Gone0ld1.js']) {
      const res = await get(pathname);
      const cacheControl = res.headers.get('Cache-Control') ?? '';
      expect(cacheControl, pathname).not.toMatch(/immutable/);
      expect(maxAge(cacheControl), pathname).toBe(0);
    }
  });
});
