import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { systemClock } from '../src/platform/clock.js';
import { createKyselyStore } from '../src/store/kysely/kysely.store.js';
import { createPgDatabase, dropPgDatabase } from './helpers/pg-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The name of a PostgreSQL database migrated once for this run (TEST_DATABASE_URL set), or ''. */
    pgTemplate: string;
  }
}

/**
 * With TEST_DATABASE_URL: one database migrated from empty by the real migrations, which each
 * PostgreSQL store target then copies (`create database … template`) instead of migrating its own.
 * Nothing connects to it after this, as PostgreSQL requires of a template. Dropped at the end.
 */
const migratedPgTemplate = async (base: string): Promise<{ name: string; drop: () => Promise<void> }> => {
  let url: string | undefined;
  try {
    url = await createPgDatabase(base, 'harvest_tpl');
    const store = createKyselyStore({ path: '', url, poolSize: 1 }, systemClock);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
  } catch (err) {
    if (url) await dropPgDatabase(base, url).catch(() => undefined);
    throw new Error(`TEST_DATABASE_URL is set, but creating and migrating the PostgreSQL template database failed: ${(err as Error).message}`, { cause: err });
  }
  const template = url;
  return { name: new URL(template).pathname.slice(1), drop: () => dropPgDatabase(base, template) };
};

/** Bundles src/ into dist/harvest.mjs once, so end-to-end tests run the real `bin/harvest.js` on current code. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  const template = base ? await migratedPgTemplate(base) : undefined;
  project.provide('pgTemplate', template?.name ?? '');
  const teardown = template ? () => template.drop() : undefined;
  if (process.env.HARVEST_SKIP_BUILD === '1') return teardown;
  const root = resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [resolve(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
  // The dashboard the API serves at / (test/web drives it in Chromium).
  execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return teardown;
}
