#!/usr/bin/env node
// Entry point for the `harvest` command: runs the bundled CLI (built by `npm run build`, run on `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/harvest.mjs', import.meta.url));
if (!existsSync(main)) {
  console.error('harvest: dist/harvest.mjs is missing; run `npm run build` (npm ci runs it automatically).');
  process.exit(1);
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
