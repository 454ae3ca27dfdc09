import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { tempDir } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));

describe('two processes migrating one fresh SQLite file at once', () => {
  it('both succeed: the second waits for the first instead of failing "database is locked"', async () => {
    for (let round = 0; round < 5; round++) {
      const path = join(tempDir('harvest-migrate-race-'), 'race.db');
      const a = createKyselyStore({ path, busyTimeoutMs: 2000 }, clock);
      const b = createKyselyStore({ path, busyTimeoutMs: 2000 }, clock);
      try {
        const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
        // Every migration was applied exactly once, by one of them.
        expect([...ra, ...rb].sort()).toEqual([...new Set([...ra, ...rb])].sort());
        expect(await a.pendingMigrations()).toEqual([]);
        expect(await b.pendingMigrations()).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    }
  });
});
