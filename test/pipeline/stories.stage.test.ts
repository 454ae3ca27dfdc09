/*
 * The stories stage on a real store (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): every
 * item in exactly one story, assigned once; a run stopped between batches and run again leaves the
 * same stories and the same stored assigner state as an uninterrupted run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer, reportsFailureText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps, Progress } from '../../src/pipeline/deps.js';
import { runAnalyze } from '../../src/pipeline/analyze.stage.js';
import { runFetch } from '../../src/pipeline/fetch.stage.js';
import { runStories } from '../../src/pipeline/stories.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createDemoSource } from '../../src/sources/demo/demo.source.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import type { Store } from '../../src/store/store.port.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T18:30:00.000Z');

const deps = (store: Store, over: Partial<PipelineDeps> = {}): PipelineDeps => ({
  store,
  sources: [createDemoSource({ batchSize: 1000 })],
  analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [], aliases: { Brindlepost: ['Brindle'] } }),
  notifiers: [],
  clock: fixedClock(NOW),
  log: silentLogger(),
  scoring: scoringConfigSchema.parse({}),
  batchSize: 1000,
  ...over,
});

/** Progress that aborts the stage after `batches` batches (a kill between two transactions). */
const stopAfter = (batches: number, controller: AbortController): Progress => {
  let seen = 0;
  return { start: () => undefined, stop: () => undefined, advance: () => void (++seen >= batches && controller.abort(new Error('stopped'))) };
};

interface Dump {
  members: Array<{ item_id: number; story_id: number; via: string }>;
  stories: unknown[];
  postings: unknown[];
  urls: unknown[];
  signatures: unknown[];
  df: unknown[];
  meta: unknown[];
}

/** A migrated store and a raw reader of its database (to compare what was stored, table by table). */
interface Opened {
  store: Store;
  query(sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}

const targets: Array<{ name: string; open(): Promise<Opened> }> = [
  {
    name: 'sqlite',
    async open() {
      const path = join(tempDir(), 'stories.db');
      const store = createKyselyStore({ path }, fixedClock(NOW));
      await store.migrate();
      const raw = new Database(path, { readonly: true });
      return { store, query: async (sql) => raw.prepare(sql).all(), close: async () => void (raw.close(), await store.close()) };
    },
  },
];
if (TEST_DATABASE_URL) {
  const base = TEST_DATABASE_URL;
  targets.push({
    name: 'postgres',
    async open() {
      const url = await createPgDatabase(base);
      const store = createKyselyStore({ path: '', url, poolSize: 4 }, fixedClock(NOW));
      await store.migrate();
      const raw = new pg.Client({ connectionString: url });
      await raw.connect();
      // bigint and double columns read as numbers, as the store reads them.
      const num = (v: string): number => Number(v);
      const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 701 ? num : pg.types.getTypeParser(oid, format)) };
      return {
        store,
        query: async (sql) => (await raw.query({ text: sql, types } as pg.QueryConfig)).rows as unknown[],
        close: async () => {
          await raw.end();
          await store.close();
          await dropPgDatabase(base, url);
        },
      };
    },
  });
}

/** Everything story assignment stored, in a stable order (times of writing left out). */
const dump = async (db: Opened): Promise<Dump> => {
  const q = (sql: string): Promise<unknown[]> => db.query(sql);
  return {
    members: (await q('select item_id, story_id, via from story_members order by item_id')) as Dump['members'],
    stories: await q('select id, first_at, last_at, open_size, centroid, centroid_norm, heat, heat_at, seq, merged_into, size, sources, authors, lead_item_id, first_created_at, last_created_at from stories order by id'),
    postings: await q('select term, story_id, seq from story_postings order by term, story_id'),
    urls: await q('select url_key, story_id, seq from story_urls order by url_key'),
    signatures: await q('select seq, story_id, at, sig from story_signatures order by seq'),
    df: await q('select term, n from story_df order by term'),
    meta: await q('select key, value from story_meta order by key'),
  };
};

for (const target of targets) {
  describe(`stories stage [${target.name}]`, () => {
    let a: Opened;
    let b: Opened;
    beforeEach(async () => {
      a = await target.open();
      b = await target.open();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it('puts every item in exactly one story, once; a stopped run resumed gives the stories of an uninterrupted run', async () => {
      const { store } = a;
      const other = b.store;
      await runFetch(deps(store));
      const first = await runStories(deps(store));
      const items = await store.countItems();
      expect(first.ok).toBe(items);
      expect(first.joined).toBeGreaterThan(100);
      expect((await runStories(deps(store))).ok).toBe(0);
      const reference = await dump(a);
      expect(new Set(reference.members.map((m) => m.item_id)).size).toBe(items);
      // Every story named by a member is an open (not merged) story whose size counts its members.
      const sizes = new Map<number, number>();
      for (const m of reference.members) sizes.set(m.story_id, (sizes.get(m.story_id) ?? 0) + 1);
      const open = (reference.stories as Array<{ id: number; merged_into: number | null; size: number }>).filter((s) => s.merged_into === null);
      expect(new Map(open.filter((s) => s.size > 0).map((s) => [Number(s.id), Number(s.size)]))).toEqual(sizes);

      await runFetch(deps(other));
      let stops = 0;
      for (const after of [3, 1, 4]) {
        const controller = new AbortController();
        await expect(runStories(deps(other, { batchSize: 37, signal: controller.signal, progress: stopAfter(after, controller) }))).rejects.toThrow('stopped');
        stops += 1;
      }
      const rest = await runStories(deps(other, { batchSize: 37 }));
      expect(rest.ok).toBe(items - 37 * 8);
      expect(stops).toBe(3);
      expect(await dump(b)).toEqual(reference);
    }, 120_000);

    it('joins analysed outage and security posts about one product in a burst by their incident key', async () => {
      const { store } = a;
      await runFetch(deps(store));
      await runAnalyze(deps(store));
      await runStories(deps(store));
      const rows = (await a.query(
        `select i.external_id, i.text, i.title, m.story_id, m.via, an.category, an.entities from items i join story_members m on m.item_id = i.id join analyses an on an.item_id = i.id order by i.created_at, i.id`,
      )) as Array<{ external_id: string; text: string; title: string | null; story_id: number; via: string; category: string; entities: string }>;
      const incident = rows.filter((r) => r.via === 'incident');
      expect(incident.length).toBeGreaterThan(50);
      // Only posts naming the product join by the key: outage and security posts, or failure
      // reports of another category ("can't log into Brindlepost on my phone") by a join-only key.
      for (const r of incident) {
        if (!['outage', 'security'].includes(r.category)) expect(reportsFailureText(r), r.external_id).toBe(true);
        expect((JSON.parse(r.entities) as { products: string[] }).products).toContain('Brindlepost');
      }
      expect(incident.filter((r) => !['outage', 'security'].includes(r.category)).length).toBeGreaterThan(0);
      // Inside the messaging outage (demo-000537 … 000672; 000610 … 000660 is 14:37–15:51 UTC), the
      // outage posts naming the product are one story (with `analysis.aliases`, "still down in
      // Sydney. Brindle any update??", 000642, names Brindlepost too).
      const keyed = (r: (typeof rows)[number]): boolean => (JSON.parse(r.entities) as { products: string[] }).products.includes('Brindlepost');
      const burst = rows.filter((r) => r.category === 'outage' && keyed(r) && r.external_id >= 'demo-000610' && r.external_id <= 'demo-000660');
      expect(burst.length).toBeGreaterThan(20);
      expect(new Set(burst.map((r) => Number(r.story_id))).size).toBe(1);
      // Each outage wave the generator wrote (its `incident` field) is one story holding exactly its
      // members, as in test/stories/demo-waves.test.ts (the stage's incrementally built document
      // frequencies give the same stories there).
      const corpus = readFileSync(new URL('../../data/demo/corpus.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { id: string; incident?: string });
      const waveOf = new Map(corpus.map((p) => [p.id, p.incident]));
      for (const w of ['inc-2026-11-16-messaging', 'inc-2026-11-18-api', 'inc-2026-11-19-mobile']) {
        const members = rows.filter((r) => waveOf.get(r.external_id) === w);
        expect(members.length, w).toBe(corpus.filter((p) => p.incident === w).length);
        expect(new Set(members.map((r) => Number(r.story_id))).size, w).toBe(1);
        const story = Number(members[0]?.story_id);
        expect(rows.filter((r) => Number(r.story_id) === story).map((r) => r.external_id), w).toEqual(members.map((r) => r.external_id));
      }
    }, 120_000);
  });
}
