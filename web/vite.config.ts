import { defineConfig } from 'vite';

/**
 * The dashboard build (`npm run build:web` → web/dist, served by the API at `/`). In development
 * (`npm run dev:web`) the dev server proxies every API path to a running `harvest serve`
 * (HARVEST_API_URL, default http://127.0.0.1:8000).
 */
const api = process.env.HARVEST_API_URL ?? 'http://127.0.0.1:8000';
const API_PATHS = ['/signals', '/bulk-jobs', '/sources', '/dashboard', '/health', '/refresh', '/top', '/docs', '/openapi.json', '/metrics'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      // TanStack Query marks its modules "use client" (for React Server Components): meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(API_PATHS.map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
