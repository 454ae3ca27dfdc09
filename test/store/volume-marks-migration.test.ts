import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { spikesConfigSchema } from '../../src/spikes/spikes.config.js';
import { countVolumes } from '../../src/spikes/spikes.service.js';
import { openDb } from '../../src/store/kysely/db.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { migrationProvider } from '../../src/store/kysely/migrations.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const targets: Array<{ name: 'sqlite' | 'postgres'; url: () => Promise<string | undefined>; drop: (url: string | undefined) => Promise<void> }> = [
  { name: 'sqlite', url: async () => undefined, drop: async () => undefined },
  ...(TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, url: () => createPgDatabase(TEST_DATABASE_URL as string), drop: (url: string | undefined) => dropPgDatabase(TEST_DATABASE_URL as string, url as string) }]
    : []),
];

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
const AT = '2026-11-20T11:02:00.000Z';
const BUCKET = '2026-11-20T11:00:00.000Z';

/** Migration 0021 on a database counted the 0013 way: counted items stay counted, their story rows stay, and down restores the old marks. */
for (const target of targets) {
  describe(`migration 0021_volume_marks on counted volumes [${target.name}]`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('marks every item counted before it, keeps only story and entity rows, never counts an item twice; down gives the category rows back', async () => {
      const url = await target.url();
      cleanups.push(() => target.drop(url));
      const path = join(tempDir('harvest-mig21-'), 'app.db');
      const { db, dialect } = openDb({ path, url, poolSize: 2 });
      cleanups.push(() => db.destroy());
      const anyDb = db as unknown as Kysely<unknown>;
      const migrator = new Migrator({ db: anyDb, provider: migrationProvider(dialect) });
      expect((await migrator.migrateTo('0020_topic_extras')).error).toBeUndefined();
      for (const n of [1, 2, 3]) {
        await sql`insert into items (source, external_id, text, created_at, fetched_at, updated_at, content_hash)
                  values ('demo', ${`e${n}`}, ${`login outage ${n}`}, ${AT}, ${AT}, ${AT}, ${`h${n}`})`.execute(anyDb);
        await sql`insert into analyses (item_id, content_hash, category, sentiment, sentiment_score, urgency, confidence, tags, entities, reasoning, provider, model, prompt_version, analyzed_at)
                  values (${n}, ${`h${n}`}, 'outage', 'negative', -0.5, 4, 0.8, '["login"]', '[]', '', 'heuristic', 'h', 'v1', ${AT})`.execute(anyDb);
      }
      // Items 1 and 2 were counted under 0013 (item 2 also in a story's series); item 3 was not.
      for (const [key, id] of [['category:outage', 1], ['source:demo', 1], ['tag:login', 1], ['category:outage', 2], ['source:demo', 2], ['story:7', 2]] as const) {
        await sql`insert into volume_items (series_key, item_id, bucket) values (${key}, ${id}, ${BUCKET})`.execute(anyDb);
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const marked = await sql<{ item_id: number | string }>`select item_id from volume_counted order by item_id`.execute(anyDb);
      expect(marked.rows.map((r) => Number(r.item_id))).toEqual([1, 2]);
      const kept = await sql<{ series_key: string; item_id: number | string }>`select series_key, item_id from volume_items order by item_id`.execute(anyDb);
      expect(kept.rows.map((r) => [r.series_key, Number(r.item_id)])).toEqual([['story:7', 2]]);

      const store = createKyselyStore({ path, url, poolSize: 2 }, clock);
      try {
        expect(await countVolumes(store, spikesConfigSchema.parse({}))).toBe(1);
        expect(await store.volumes.series('category:outage', '5m', BUCKET, BUCKET)).toEqual([{ bucket: BUCKET, count: 1 }]);
        expect(await countVolumes(store, spikesConfigSchema.parse({}))).toBe(0);
      } finally {
        await store.close();
      }

      expect((await migrator.migrateTo('0020_topic_extras')).error).toBeUndefined();
      const back = await sql<{ series_key: string; item_id: number | string; bucket: string }>`select series_key, item_id, bucket from volume_items order by item_id, series_key`.execute(anyDb);
      expect(back.rows.map((r) => [r.series_key, Number(r.item_id), r.bucket])).toEqual([
        ['category:outage', 1, BUCKET],
        ['category:outage', 2, BUCKET],
        ['story:7', 2, BUCKET],
        ['category:outage', 3, BUCKET],
      ]);
    });
  });
}
