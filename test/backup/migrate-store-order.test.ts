/*
 * migrate-store pages every table by OFFSET, which is only sound over a total order: a table without
 * an `id` (analyses, story_df, story_postings, …) used to be paged with no ORDER BY, and PostgreSQL
 * may then return a row on two pages and skip another. Each table is now paged by its primary key.
 */
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore, pageOrder } from '../../src/backup/migrate-store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { openDb } from '../../src/store/kysely/db.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
const EXPECTED: Record<string, string[]> = {
  items: ['id'],
  analyses: ['item_id'],
  story_df: ['term'],
  story_notifications: ['story_id', 'channel', 'milestone'],
  snapshot_chunks: ['snapshot_id', 'seq'],
  volumes: ['series_key', 'resolution', 'bucket'],
};

/** Each table of EXPECTED is paged by its key; a table with no key by all its columns. */
const expectPageOrders = async (db: Kysely<unknown>, kind: 'sqlite' | 'postgres'): Promise<void> => {
  for (const [t, cols] of Object.entries(EXPECTED)) expect(await pageOrder(db, kind, t, ['x']), t).toEqual(cols);
  await sql`create table no_key (a text, b integer)`.execute(db);
  expect(await pageOrder(db, kind, 'no_key', ['a', 'b'])).toEqual(['a', 'b']);
};

const migrated = async (loc: { path?: string; url?: string }): Promise<void> => {
  const store = createKyselyStore({ path: loc.path ?? '', url: loc.url, poolSize: 2 }, clock);
  await store.migrate();
  await store.close();
};

describe('migrate-store pages each table by its primary key', () => {
  it('SQLite: the primary key columns, in key order', async () => {
    const path = join(tempDir('harvest-page-order-'), 'h.db');
    await migrated({ path });
    const { db } = openDb({ path, poolSize: 1 });
    try {
      await expectPageOrders(db as unknown as Kysely<unknown>, 'sqlite');
    } finally {
      await db.destroy();
    }
  });

  describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL (skipped: TEST_DATABASE_URL is not set)', () => {
    const urls: string[] = [];
    afterAll(async () => {
      for (const u of urls) await dropPgDatabase(TEST_DATABASE_URL as string, u);
    });

    it('the primary key columns, in key order; every column for a table with none', async () => {
      const url = await createPgDatabase(TEST_DATABASE_URL as string);
      urls.push(url);
      await migrated({ url });
      const { db } = openDb({ path: '', url, poolSize: 1 });
      try {
        await expectPageOrders(db as unknown as Kysely<unknown>, 'postgres');
      } finally {
        await db.destroy();
      }
    });

    it('copies an id-less table of several pages whose rows are stored out of key order, each row once (PostgreSQL → SQLite)', async () => {
      const url = await createPgDatabase(TEST_DATABASE_URL as string);
      urls.push(url);
      await migrated({ url });
      const { db } = openDb({ path: '', url, poolSize: 1 });
      const terms = Array.from({ length: 1_700 }, (_, i) => `t${String((i * 7919) % 1_700).padStart(4, '0')}`);
      try {
        await sql`insert into story_df (term, n) select * from unnest(${terms}::text[], ${terms.map((_, i) => i)}::int[])`.execute(db);
        // Updated rows move to the end of the heap: the stored order is neither insertion nor key order.
        await sql`update story_df set n = n + 1 where n % 3 = 0`.execute(db);
      } finally {
        await db.destroy();
      }
      const path = join(tempDir('harvest-page-order-'), 'h.db');
      const r = await migrateStore({ kind: 'postgres', url }, { kind: 'sqlite', path }, clock);
      expect(r.tables).toContainEqual({ table: 'story_df', rows: 1_700 });
      const target = openDb({ path, poolSize: 1 });
      try {
        const rows = await sql<{ term: string; n: number }>`select term, n from story_df order by term`.execute(target.db);
        expect(rows.rows.map((x) => x.term)).toEqual([...terms].sort());
        expect(new Set(rows.rows.map((x) => x.term)).size).toBe(1_700);
        expect(rows.rows.find((x) => x.term === terms[3])?.n).toBe(4);
      } finally {
        await target.db.destroy();
      }
    });
  });
});
