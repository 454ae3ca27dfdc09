import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import type { Store } from '../../src/store/store.port.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const NOW = '2026-11-30T12:00:00.000Z';
const at = (hoursBefore: number) => fixedClock(new Date(Date.parse(NOW) - hoursBefore * 3_600_000));

interface Target {
  name: string;
  /** A fresh database: the CLI's environment for it, and a store on it whose clock is `hoursBefore` NOW. */
  open(): Promise<{ env: Record<string, string>; store: (hoursBefore: number) => Store; done: () => Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'sqlite',
    async open() {
      const path = join(tempDir('harvest-retention-'), 'h.db');
      return { env: { HARVEST_DB_PATH: path }, store: (h) => createKyselyStore({ path }, at(h)), done: async () => undefined };
    },
  },
];
if (TEST_DATABASE_URL) {
  const base = TEST_DATABASE_URL;
  targets.push({
    name: 'postgres',
    async open() {
      const url = await createPgDatabase(base);
      return { env: { DATABASE_URL: url }, store: (h) => createKyselyStore({ path: '', url, poolSize: 2 }, at(h)), done: () => dropPgDatabase(base, url) };
    },
  });
} else {
  console.warn('[retention cli] TEST_DATABASE_URL is not set: SKIPPING the PostgreSQL run');
}

describe.each(targets)('harvest pipeline applies the snapshot and job retention [$name]', (target) => {
  it('deletes finished snapshots and jobs past api.*Retention after the run; recent ones stay', async () => {
    const db = await target.open();
    try {
      /** A ready snapshot with content and a succeeded job, recorded `hoursBefore` NOW. */
      const seed = async (hoursBefore: number): Promise<{ snapshot: string; job: string }> => {
        const store = db.store(hoursBefore);
        try {
          await store.migrate();
          const snapshot = crypto.randomUUID();
          await store.snapshots.create({ id: snapshot, format: 'csv', filters: {} });
          await store.snapshots.appendChunk(snapshot, 0, Buffer.from('id\n'));
          await store.snapshots.complete(snapshot, { rows: 0, bytes: 3, sha256: 'c'.repeat(64) });
          const job = await store.jobs.create('bulk-status', {}, 0);
          await store.jobs.markStatus(job.id, 'succeeded', {});
          return { snapshot, job: job.id };
        } finally {
          await store.close();
        }
      };
      const old = await seed(48);
      const recent = await seed(2);
      const cfg = join(tempDir('harvest-retention-cfg-'), 'settings.yaml');
      writeFileSync(cfg, 'sources:\n  demo:\n    enabled: true\napi:\n  snapshotRetention:\n    maxAgeHours: 24\n  jobRetention:\n    maxAgeHours: 24\n');
      const r = await runCli(['pipeline'], { env: cleanEnv({ ...db.env, HARVEST_CONFIG: cfg, HARVEST_NOW: NOW }) });
      expect(r.code, r.stderr).toBe(0);
      const store = db.store(0);
      try {
        expect(await store.snapshots.get(old.snapshot)).toBeUndefined();
        expect(await store.snapshots.readChunk(old.snapshot, 0)).toBeUndefined();
        expect(await store.jobs.get(old.job)).toBeUndefined();
        expect((await store.snapshots.get(recent.snapshot))?.status).toBe('ready');
        expect((await store.jobs.get(recent.job))?.status).toBe('succeeded');
      } finally {
        await store.close();
      }
    } finally {
      await db.done();
    }
  }, 60_000);
});
