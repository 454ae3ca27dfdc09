import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore } from '../../src/backup/migrate-store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { newItem } from '../helpers/factories.js';
import { createPgDatabase, dropPgDatabase, TEST_DATABASE_URL, tempDir } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));

/**
 * A SQLite database written before the fetch boundary stripped control characters holds a NUL in a
 * post; PostgreSQL text cannot store one. migrate-store copies the row without it instead of dying.
 */
const oldSqliteWithNul = async (): Promise<string> => {
  const path = join(tempDir(), 'old.db');
  const store = createKyselyStore({ path }, clock);
  await store.migrate();
  await store.saveFetchBatch('demo', [
    newItem(1),
    newItem(2, { title: 'tit\u0000le', text: 'status page\u0000 down', author: { id: 'a\u0000', handle: 'h', name: null, followers: 1 } }),
    newItem(3),
  ]);
  expect((await store.findItem('demo', 'ext-2'))?.text).toBe('status page\u0000 down');
  await store.close();
  return path;
};

const targets: Array<{ name: string; open: () => Promise<{ url?: string; path: string; cleanup: () => Promise<void> }> }> = [
  { name: 'sqlite', open: async () => ({ path: join(tempDir(), 'target.db'), cleanup: async () => {} }) },
];
const PG_BASE = TEST_DATABASE_URL;
if (PG_BASE) {
  targets.push({
    name: 'postgres',
    open: async () => {
      const url = await createPgDatabase(PG_BASE);
      return { url, path: '', cleanup: () => dropPgDatabase(PG_BASE, url) };
    },
  });
} else {
  console.warn('[migrate-store] TEST_DATABASE_URL is not set: SKIPPING the PostgreSQL target.');
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

for (const target of targets) {
  describe(`migrate-store with control characters in old rows → ${target.name}`, () => {
    it('copies every row, the NUL removed, and counts the cleaned values', async () => {
      const from = await oldSqliteWithNul();
      const to = await target.open();
      cleanups.push(to.cleanup);
      const location = to.url ? { kind: 'postgres' as const, url: to.url } : { kind: 'sqlite' as const, path: to.path };
      const r = await migrateStore({ kind: 'sqlite', path: from }, location, clock);
      expect(r.tables.find((t) => t.table === 'items')?.rows).toBe(3);
      expect(r.cleaned).toBe(3);
      const store = createKyselyStore({ path: to.path, url: to.url, poolSize: 2 }, clock);
      try {
        const item = await store.findItem('demo', 'ext-2');
        expect(item?.text).toBe('status page down');
        expect(item?.title).toBe('title');
        expect(item?.author.id).toBe('a');
        expect(await store.countItems()).toBe(3);
      } finally {
        await store.close();
      }
    });
  });
}
