import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

/** Workers static assets accept at most 100 rules in `_headers` (wrangler refuses more). */
const MAX_HEADER_RULES = 100;
const IMMUTABLE = 'Cache-Control: public, max-age=31536000, immutable';

/**
 * Year-long immutable caching for exactly the files this build wrote under assets/ (their
 * names carry a content hash), one `_headers` rule per file. A rule for all of `/assets/*`
 * would also cover the SPA fallback: a missing `/assets/old-chunk.js` (an old page after a
 * deploy) is answered with index.html, and `_headers` rules match the request path, not the
 * file served, so that index.html would be cached as immutable for a year. Anything not
 * listed keeps the platform default (`public, max-age=0, must-revalidate`).
 */
function immutableAssetHeaders(): Plugin {
  return {
    name: 'bulwark:immutable-asset-headers',
    apply: 'build',
    writeBundle(options, bundle) {
      if (!options.dir) throw new Error('immutable-asset-headers: no output directory');
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && !name.endsWith('.map'))
        .sort();
      for (const name of assets) {
        // `*` and `:name` are patterns in `_headers`; hashed names never contain them.
        if (!/^assets\/[\w.-]+$/.test(name)) throw new Error(`unexpected asset name ${name}`);
      }
      // Copied from web/public before the bundle is written.
      const file = path.join(options.dir, '_headers');
      const base = readFileSync(file, 'utf8').trimEnd();
      const existing = base.split('\n').filter((line) => /^[^\s#]/.test(line)).length;
      if (existing + assets.length > MAX_HEADER_RULES) {
        throw new Error(
          `_headers would hold ${existing + assets.length} rules (limit ${MAX_HEADER_RULES})`,
        );
      }
      const rules = assets.map((name) => `/${name}\n  ${IMMUTABLE}\n`).join('\n');
      writeFileSync(
        file,
        `${base}\n\n# Added by vite.config.ts: the hashed files of this build, and only them.\n${rules}`,
      );
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [svelte(), immutableAssetHeaders()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Maps are written for debugging a build locally but not referenced from the bundles.
    sourcemap: 'hidden',
    rolldownOptions: {
      // The portal imports constants from the Worker's pure domain modules (e.g. the password
      // limits); declaring those free of side effects lets the bundle drop what it does not
      // use, such as the common-password list behind the server's checks.
      treeshake: { moduleSideEffects: [{ test: /\/workers\/domain\//, sideEffects: false }] },
    },
  },
});
