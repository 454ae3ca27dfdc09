/*
 * The embedding cache and migration 0022_embeddings on SQLite and PostgreSQL (when
 * TEST_DATABASE_URL is set): vectors round-trip exactly as Float32 blobs by (model, text hash), an
 * existing entry is kept, and the migration goes up and down (table and `stories.dense`).
 */
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateStore } from '../../src/backup/migrate-store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { openDb } from '../../src/store/kysely/db.js';
import { migrationProvider } from '../../src/store/kysely/migrations.js';
import type { Store } from '../../src/store/store.port.js';
import { createPgDatabase, dropPgDatabase, storeTargets, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-12-05T06:00:00.000Z'));
const AT = '2026-12-05T06:00:00.000Z';

for (const target of storeTargets()) {
  describe(`embedding cache [${target.name}]`, () => {
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('returns the vectors stored under the model, exactly (Float32), and keeps an existing entry', async () => {
      store = await target.open(clock);
      const a = Float32Array.from([0.1, -2.5, 3.25e-8, 1]);
      const b = Float32Array.from([7, 8]);
      await store.embeddings.put('m1', [{ hash: 'ha', vector: a }, { hash: 'hb', vector: b }], AT);
      await store.embeddings.put('m1', [{ hash: 'ha', vector: Float32Array.from([9, 9, 9, 9]) }], AT);
      await store.embeddings.put('m2', [{ hash: 'ha', vector: Float32Array.from([5]) }], AT);
      const got = await store.embeddings.get('m1', ['ha', 'hb', 'hc', 'ha']);
      expect([...got.keys()].sort()).toEqual(['ha', 'hb']);
      expect([...(got.get('ha') as Float32Array)]).toEqual([...a]);
      expect([...(got.get('hb') as Float32Array)]).toEqual([...b]);
      expect([...((await store.embeddings.get('m2', ['ha'])).get('ha') as Float32Array)]).toEqual([5]);
      expect((await store.embeddings.get('m3', ['ha'])).size).toBe(0);
    });
  });
}

const migrationTargets: Array<{ name: 'sqlite' | 'postgres'; url: () => Promise<string | undefined>; drop: (url: string | undefined) => Promise<void> }> = [
  { name: 'sqlite', url: async () => undefined, drop: async () => undefined },
  ...(TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, url: () => createPgDatabase(TEST_DATABASE_URL as string), drop: (url: string | undefined) => dropPgDatabase(TEST_DATABASE_URL as string, url as string) }]
    : []),
];

for (const target of migrationTargets) {
  describe(`migration 0022_embeddings [${target.name}]`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('adds the embeddings table and stories.dense, keeps the stories, and takes both away on down', async () => {
      const url = await target.url();
      cleanups.push(() => target.drop(url));
      const { db, dialect } = openDb({ path: join(tempDir('harvest-mig22-'), 'app.db'), url, poolSize: 2 });
      cleanups.push(() => db.destroy());
      const anyDb = db as unknown as Kysely<unknown>;
      const migrator = new Migrator({ db: anyDb, provider: migrationProvider(dialect) });
      expect((await migrator.migrateTo('0021_volume_marks')).error).toBeUndefined();
      await sql`insert into stories (id, open_size, centroid, centroid_norm, heat, seq, updated_at) values (7, 1, '[]', 0, 0, 1, ${AT})`.execute(anyDb);
      const columns = async (): Promise<string[]> =>
        dialect === 'sqlite'
          ? (await sql<{ name: string }>`select name from pragma_table_info('stories')`.execute(anyDb)).rows.map((r) => r.name)
          : (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'stories'`.execute(anyDb)).rows.map((r) => r.column_name);
      const hasTable = async (): Promise<boolean> =>
        dialect === 'sqlite'
          ? (await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'embeddings'`.execute(anyDb)).rows[0]?.n === 1
          : Number((await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_name = 'embeddings'`.execute(anyDb)).rows[0]?.n) === 1;

      expect((await migrator.migrateTo('0022_embeddings')).error).toBeUndefined();
      expect(await columns()).toContain('dense');
      expect(await hasTable()).toBe(true);
      const blob = Buffer.from(Float32Array.from([1, 2]).buffer);
      await sql`update stories set dense = ${blob} where id = 7`.execute(anyDb);
      await sql`insert into embeddings (model, text_hash, dims, vector, created_at) values ('m', 'h', 2, ${blob}, ${AT})`.execute(anyDb);
      const back = await sql<{ dense: Buffer }>`select dense from stories where id = 7`.execute(anyDb);
      expect(Buffer.from(back.rows[0]?.dense as Buffer).equals(blob)).toBe(true);

      expect((await migrator.migrateTo('0021_volume_marks')).error).toBeUndefined();
      expect(await columns()).not.toContain('dense');
      expect(await hasTable()).toBe(false);
      const kept = await sql<{ id: number | string }>`select id from stories`.execute(anyDb);
      expect(kept.rows.map((r) => Number(r.id))).toEqual([7]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await columns()).toContain('dense');
    });
  });
}

for (const target of migrationTargets) {
  describe(`migrate-store copies vectors and dense centroids [SQLite → ${target.name}]`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('keeps every Float32 value of the cache and of stories.dense', async () => {
      const from = join(tempDir('harvest-emb-from-'), 'app.db');
      const source = createKyselyStore({ path: from }, clock);
      await source.migrate();
      const vector = Float32Array.from([0.5, -1.25, 3.1415927, 1e-20]);
      await source.embeddings.put('m', [{ hash: 'h1', vector }], AT);
      await source.stories.saveBatch({
        members: [],
        at: AT,
        changes: { seq: 1, docs: 0, stories: [{ id: '9', firstAt: 1, lastAt: 1, size: 1, centroid: new Map([['x', 1]]), centroidNorm: 1, heat: 1, heatAt: 1, seq: 1, dense: vector }], merges: [], postings: [], postingDeletes: [], urls: [], signatures: [], signaturesBefore: 0, df: new Map(), newTerms: 0 },
      });
      await source.close();

      const url = await target.url();
      cleanups.push(() => target.drop(url));
      const path = join(tempDir('harvest-emb-to-'), 'app.db');
      await migrateStore({ kind: 'sqlite', path: from }, url ? { kind: 'postgres', url } : { kind: 'sqlite', path }, clock);
      const copy = createKyselyStore({ path, url, poolSize: 2 }, clock);
      cleanups.push(() => copy.close());
      expect([...((await copy.embeddings.get('m', ['h1'])).get('h1') as Float32Array)]).toEqual([...vector]);
      const snap = await copy.stories.loadState({ maxOpen: 10, postingSize: 16, maxUrls: 10, signatures: 10, dfTerms: 10 });
      expect(snap.stories.map((st) => [st.id, [...(st.dense ?? [])]])).toEqual([['9', [...vector]]]);
    });
  });
}
