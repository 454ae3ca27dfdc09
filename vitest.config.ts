import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // CI prints every test name, so its log shows e.g. `store contract [postgres]` ran.
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
