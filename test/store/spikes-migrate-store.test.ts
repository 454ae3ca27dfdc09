import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateStore } from '../../src/backup/migrate-store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));

describe.skipIf(!TEST_DATABASE_URL)('migrate-store copies spikes before their alerts (SQLite → PostgreSQL)', () => {
  it('a spike and its alert row arrive intact, and the spike ids continue after the copied ones', async () => {
    const path = join(tempDir('harvest-migrate-spikes-'), 'h.db');
    const sqlite = createKyselyStore({ path }, clock);
    const key = 'term:login outage';
    try {
      await sqlite.migrate();
      await sqlite.volumes.saveScored(
        { state: { key, kind: 'term', state: '{}', scoredThrough: '2026-11-20T11:55:00.000Z', lastScore: 0.9, openSpikeId: null }, spikes: [{ key, kind: 'term', startedAt: '2026-11-20T11:30:00.000Z', score: 0.8, peakScore: 0.9, count: 30, expected: 0.2, spread: 1, p: 1e-9, hourCount: 42, endedAt: null }] },
        clock.now().toISOString(),
      );
      await sqlite.volumes.enqueueAlerts('alerts', '2026-11-20T00:00:00.000Z', clock.now().toISOString(), ['term']);
    } finally {
      await sqlite.close();
    }
    const url = await createPgDatabase(TEST_DATABASE_URL as string);
    try {
      const r = await migrateStore({ kind: 'sqlite', path }, { kind: 'postgres', url }, clock);
      expect(r.tables).toContainEqual({ table: 'spikes', rows: 1 });
      expect(r.tables).toContainEqual({ table: 'spike_alerts', rows: 1 });
      const pg = createKyselyStore({ path: '', url, poolSize: 2 }, clock);
      try {
        const [spike] = await pg.volumes.spikes({ limit: 5 });
        expect(spike).toMatchObject({ key, hourCount: 42, endedAt: null });
        expect(await pg.volumes.alerts()).toEqual([{ spikeId: spike!.id, channel: 'alerts', status: 'pending', attempts: 0 }]);
        const ids = await pg.volumes.saveScored({ state: { key, kind: 'term', state: '{}', scoredThrough: '2026-11-20T12:00:00.000Z', lastScore: 0.9, openSpikeId: null }, spikes: [{ key, kind: 'term', startedAt: '2026-11-20T12:00:00.000Z', score: 0.8, peakScore: 0.8, count: 9, expected: 0.2, spread: 1, p: 1e-6, hourCount: 12, endedAt: null }] }, clock.now().toISOString());
        expect(ids[0]).toBeGreaterThan(spike!.id);
      } finally {
        await pg.close();
      }
    } finally {
      await dropPgDatabase(TEST_DATABASE_URL as string, url);
    }
  });
});
