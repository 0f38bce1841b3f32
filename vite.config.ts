// Builds the window (renderer/) into out/renderer with relative URLs, so the packaged app can load
// it from files. The page's CSP forbids inline scripts and styles; Vite's dev server needs both
// (HMR client, React Refresh preamble), so the CSP meta tag is dropped in dev only.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

export const RENDERER_ROOT = fileURLToPath(new URL('./renderer', import.meta.url));
export const RENDERER_OUT_DIR = fileURLToPath(new URL('./out/renderer', import.meta.url));

function relaxCspInDev(): Plugin {
  return {
    name: 'crosstrade:relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
    },
  };
}

export default defineConfig({
  root: RENDERER_ROOT,
  base: './',
  plugins: [react(), relaxCspInDev()],
  build: {
    outDir: RENDERER_OUT_DIR,
    emptyOutDir: true,
    // Electron 45 ships Chromium 140.
    target: 'chrome130',
    // Chromium supports modulepreload: no polyfill code in the bundle.
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
});
