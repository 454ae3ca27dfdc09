import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateStore } from '../../src/backup/migrate-store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));

describe.skipIf(!TEST_DATABASE_URL)('migrate-store copies snapshot content (SQLite blobs → PostgreSQL bytea)', () => {
  it('a snapshot downloaded after the move has the same bytes, chunk by chunk', async () => {
    const path = join(tempDir('harvest-migrate-snap-'), 'h.db');
    const sqlite = createKyselyStore({ path }, clock);
    const id = randomUUID();
    // More chunks than one page of the copy, with every byte value.
    const chunks = Array.from({ length: 9 }, (_, i) => Buffer.from(Array.from({ length: 256 }, (_, b) => (b + i) % 256)));
    try {
      await sqlite.migrate();
      await sqlite.snapshots.create({ id, format: 'csv', filters: {} });
      for (const [seq, c] of chunks.entries()) await sqlite.snapshots.appendChunk(id, seq, c);
      await sqlite.snapshots.complete(id, { rows: 1, bytes: 9 * 256, sha256: 'd'.repeat(64) });
    } finally {
      await sqlite.close();
    }
    const url = await createPgDatabase(TEST_DATABASE_URL as string);
    try {
      const r = await migrateStore({ kind: 'sqlite', path }, { kind: 'postgres', url }, clock);
      expect(r.tables).toContainEqual({ table: 'snapshot_chunks', rows: 9 });
      const pg = createKyselyStore({ path: '', url, poolSize: 2 }, clock);
      try {
        expect(await pg.snapshots.get(id)).toMatchObject({ status: 'ready', bytes: 9 * 256 });
        for (const [seq, c] of chunks.entries()) expect(await pg.snapshots.readChunk(id, seq)).toEqual(c);
        expect(await pg.snapshots.readChunk(id, 9)).toBeUndefined();
      } finally {
        await pg.close();
      }
    } finally {
      await dropPgDatabase(TEST_DATABASE_URL as string, url);
    }
  });
});
