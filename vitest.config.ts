import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores − 1), so the files ran one after another while most
    // of them wait on child processes, PostgreSQL, HTTP or Chromium. Three forks keep both cores busy.
    // Files share nothing: PostgreSQL databases, temp dirs, ports (0) and Redis namespaces are per test.
    // VITEST_MAX_WORKERS overrides it (e.g. 1 to bisect a suspected interference).
    maxWorkers: 3,
    // CI prints every test name, so its log shows e.g. `store contract [postgres]` ran.
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
