#!/usr/bin/env node
// `npm run build`: bundles the CLI (and with it the API server) into dist/harvest.mjs, with what is
// loaded through import() split into dist/chunks/.
// Loading ~1,500 small module files (typebox, kysely, zod, ajv…) was most of `harvest serve`'s
// start-up; one file halves it (docs/adr/0016-one-file-bundle.md). Types are checked by
// `npm run typecheck`, not here. Packages that load native code or files next to their own sources
// stay external and load from node_modules as usual.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const EXTERNAL = [
  'better-sqlite3', // native addon
  'pg', // optional native binding, loaded only for PostgreSQL
  'ioredis', // loaded only when REDIS_URL is set
  'pino', // worker-thread transports are resolved by file path
  'pino-pretty',
  'thread-stream',
  '@fastify/swagger-ui', // serves its static files from its own folder
  'vader-sentiment', // we read its lexicon file
];

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'harvest',
  // Modules loaded with import() (LLM SDKs, the API server) become chunks read only when used.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // Smaller text parses faster; names are kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS packages call require() for Node built-ins.
  banner: { js: "import { createRequire as __harvestCreateRequire } from 'node:module'; const require = __harvestCreateRequire(import.meta.url);" },
});
