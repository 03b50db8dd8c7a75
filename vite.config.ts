import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The Content-Security-Policy of the built app: no inline script, no eval, no plugins, no <base>; network
 * only to HTTPS (and plain http on loopback, for a local DoH server during offline work).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  'connect-src https: http://localhost:* http://127.0.0.1:*',
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'authlens-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      );
    },
  };
}

export default defineConfig({
  // Relative base: the built files work under any sub-path.
  base: './',
  plugins: [svelte({ configFile: false }), contentSecurityPolicy()],
  resolve: {
    // tldts's pre-minified build keeps its public-suffix data in one place (Vite 8's constant inlining copies the
    // ~45 KB suffix string of the plain build into several chunks).
    alias: { tldts: fileURLToPath(new URL('./node_modules/tldts/dist/index.esm.min.js', import.meta.url)) },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // The manifest lets `npm run bench` measure what each route loads.
    manifest: true,
    // Plugin timing notes are for profiling the build, not warnings a person starting the app should read.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  preview: { port: 4173, strictPort: false },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
    environment: 'node',
  },
});
