import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Bundles src/ into dist/harvest.mjs once, so end-to-end tests run the real `bin/harvest.js` on current code. */
export default function setup(): void {
  if (process.env.HARVEST_SKIP_BUILD === '1') return;
  const root = resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [resolve(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
  // The dashboard the API serves at / (test/web drives it in Chromium).
  execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
