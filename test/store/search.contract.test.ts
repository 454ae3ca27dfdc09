import { Migrator } from 'kysely';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { openDb } from '../../src/store/kysely/db.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { migrationProvider } from '../../src/store/kysely/migrations.js';
import { MANY_MATCHES } from '../../src/store/kysely/search.js';
import type { SignalAdminRow } from '../../src/store/signals.port.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { createPgDatabase, dropPgDatabase, storeTargets, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const AT = '2026-11-20T12:00:00.000Z';
const BREAKDOWN = { raw: 1, metrics: 2, urgency: 3, urgencyPart: 4, base: 5, categoryBoost: 1, sentimentMultiplier: 1, ageHours: 1, recency: 1, unclamped: 50, cap: 100 };

/** Search syntax of FTS5, tsquery and SQL that must reach neither query language as syntax. */
const HOSTILE_SEARCHES = [
  '"',
  '"outage',
  'outage"',
  '*',
  'outage*',
  '-outage',
  'outage -spike',
  'NEAR(outage spike)',
  'NEAR',
  'outage NEAR spike',
  'title:outage',
  '{title text}: outage',
  'text:',
  ':',
  '^outage',
  'outage AND',
  'OR',
  'NOT outage',
  '(outage',
  'outage)',
  "'",
  "outage'",
  '\\',
  'outage & spike | !lunch',
  'outage:*AB',
  '<->',
  "'; drop table items; --",
  '%_%',
  '\u00a0',
  '😀 outage',
];

/** The corpus: which words each item holds decides which searches find it. */
const ITEMS = [
  { n: 1, text: 'Big outage and a traffic spike at noon' },
  { n: 2, text: 'Outage reported by many users' },
  { n: 3, text: 'A spike in signups after the launch' },
  { n: 4, text: 'SPIKES everywhere, an OUTAGE too', title: null },
  { n: 5, text: 'lunch was great', title: 'Outage spike post-mortem' },
  { n: 6, text: 'see https://brindlepost.example/status for snake_case names' },
  { n: 7, text: 'written by a known author', handle: 'outagewatch' },
];

const byN = (texts: Array<{ text: string }>): number[] => texts.map((s) => ITEMS.find((it) => it.text === s.text)?.n ?? -1).sort((a, b) => a - b);

for (const target of storeTargets()) {
  describe(`store contract: full-text search [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
      await store.saveFetchBatch(
        'demo',
        ITEMS.map((it) => {
          const base = newItem(it.n, { text: it.text, title: it.title ?? null });
          return it.handle ? { ...base, author: { ...base.author, handle: it.handle } } : base;
        }),
      );
      const pending = await store.pendingAnalysis(0, 100);
      await store.saveAnalyses(pending.map((p) => ({ itemId: p.id, contentHash: p.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: AT })));
      await store.saveScores(pending.map((p) => ({ itemId: p.id, salience: 10, breakdown: BREAKDOWN, scoredAt: AT })));
    });
    afterEach(async () => {
      await store.close();
    });

    const list = async (search: string): Promise<number[]> => byN(await store.listSignals({ limit: 50, search }));
    const page = async (search: string): Promise<{ ns: number[]; total: number }> => {
      const r = await store.signals.page({ page: 1, pageSize: 50, sort: 'createdAt', order: 'desc', search });
      return { ns: byN(r.items), total: r.total };
    };

    it('finds items holding every word, in any order, title or text, and not items with only some', async () => {
      expect(await list('outage spike')).toEqual([1, 4, 5]);
      expect(await list('spike outage')).toEqual([1, 5]); // 'spike' is not the last word: a whole word, so not 'SPIKES'
      expect(await list('outage')).toEqual([1, 2, 4, 5]);
      expect(await list('outage spike lunch')).toEqual([5]);
      expect(await list('outage spike zebra')).toEqual([]);
    });

    it('is case-insensitive and takes the last word as a prefix (only the last)', async () => {
      expect(await list('OUTAGE Spike')).toEqual([1, 4, 5]);
      expect(await list('outage spi')).toEqual([1, 4, 5]);
      expect(await list('outag spike')).toEqual([]);
      expect(await list('spikes')).toEqual([4]);
    });

    it('splits words at punctuation the same way on both stores', async () => {
      expect(await list('brindlepost')).toEqual([6]);
      expect(await list('snake_case')).toEqual([6]);
      expect(await list('snake case')).toEqual([6]);
      expect(await list('status')).toEqual([6]);
      expect(await list('post-mortem')).toEqual([5]);
      expect(await list('outage, spike!')).toEqual([1, 4, 5]);
    });

    it('searches the author handle only in the signals list', async () => {
      expect(await list('outagewatch')).toEqual([]);
      expect(await page('outagewatch')).toEqual({ ns: [7], total: 1 });
      expect((await page('outage spike')).total).toBe(3);
      // The handle 'outagewatch' starts with 'outage': the last word is a prefix there too.
      expect((await page('outage')).ns).toEqual([1, 2, 4, 5, 7]);
    });

    it('treats query syntax as plain words: no error, nothing but words matched', async () => {
      for (const search of HOSTILE_SEARCHES) {
        await expect(list(search), search).resolves.toBeInstanceOf(Array);
        await expect(page(search), search).resolves.toMatchObject({ total: expect.any(Number) });
      }
      expect(await list('NEAR(outage spike)')).toEqual([]); // 'near' is a word no item holds
      expect(await list('"outage" "spike"')).toEqual([1, 4, 5]);
      expect(await list('-outage -spike')).toEqual([1, 4, 5]);
      expect(await list('title:outage')).toEqual([]);
      expect(await list("'; drop table items; --")).toEqual([]);
    });

    it('applies no search filter when the search has no words', async () => {
      for (const search of ['', '   ', '%', '"*"', '-- !?', '\u00a0']) {
        expect(await list(search), search).toHaveLength(ITEMS.length);
        expect((await page(search)).total, search).toBe(ITEMS.length);
      }
    });

    it('reflects edits, re-fetches and deletes', async () => {
      const [found] = (await store.signals.page({ page: 1, pageSize: 5, sort: 'createdAt', order: 'desc', search: 'lunch' })).items as SignalAdminRow[];
      expect(found).toBeDefined();
      const id = (found as SignalAdminRow).id;
      await store.signals.update(id, { text: 'dinner was fine', title: 'Calm evening' });
      expect((await page('lunch')).total).toBe(0);
      expect((await page('outage spike')).total).toBe(2);
      expect((await page('dinner calm')).ns).toEqual([-1]); // edited: its text is no longer ITEMS' text
      // A re-fetch with new text re-indexes; one with new metrics only keeps the words.
      await store.saveFetchBatch('demo', [newItem(2, { text: 'All clear now' })]);
      expect(await list('reported')).toEqual([]);
      expect((await store.listSignals({ limit: 5, search: 'clear' })).map((s) => s.text)).toEqual(['All clear now']);
      await store.saveFetchBatch('demo', [newItem(3, { text: ITEMS[2]?.text, metrics: { likes: 99, reposts: 0, replies: 0, quotes: 0, views: 0 } })]);
      expect(await list('signups launch')).toEqual([3]);
      await store.signals.remove(id);
      expect((await page('dinner')).total).toBe(0);
      const [one] = await store.listSignals({ limit: 1, search: 'brindlepost' });
      expect(await store.signals.removeMany([one?.id ?? -1])).toBe(1);
      expect(await list('brindlepost')).toEqual([]);
      expect((await page('')).total).toBe(ITEMS.length - 2);
    });

    it('pages many matches newest first, the same rows whichever plan SQLite takes (more than MANY_MATCHES)', async () => {
      const many = Array.from({ length: MANY_MATCHES + 100 }, (_, i) => newItem(100 + i, { text: `common word ${i % 3 === 0 ? 'rare' : ''}`, createdAt: new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % 5000) * 60_000).toISOString() }));
      await store.saveFetchBatch('demo', many);
      const expected = many.map((it) => it.createdAt).sort().reverse();
      for (const [search, n] of [['common', many.length], ['common rare', Math.ceil(many.length / 3)]] as const) {
        const p1 = await store.signals.page({ page: 1, pageSize: 50, sort: 'createdAt', order: 'desc', search });
        const p3 = await store.signals.page({ page: 3, pageSize: 50, sort: 'createdAt', order: 'desc', search });
        expect(p1.total, search).toBe(n);
        const want = search === 'common' ? expected : many.filter((it) => it.text.includes('rare')).map((it) => it.createdAt).sort().reverse();
        expect(p1.items.map((s) => s.createdAt)).toEqual(want.slice(0, 50));
        expect(p3.items.map((s) => s.createdAt)).toEqual(want.slice(100, 150));
      }
      const filtered = await store.signals.page({ page: 1, pageSize: 10, sort: 'createdAt', order: 'asc', search: 'common', source: 'demo' });
      expect(filtered.total).toBe(many.length);
      expect(filtered.items.map((s) => s.createdAt)).toEqual([...expected].reverse().slice(0, 10));
    });

    it('indexes a batch that repeats an item: the last text is the one found', async () => {
      const counts = await store.saveFetchBatch('demo', [newItem(900, { text: 'first draft zebra' }), newItem(901, { text: 'other okapi' }), newItem(900, { text: 'final version giraffe' })]);
      expect(counts.inserted).toBe(2);
      expect((await page('zebra')).total).toBe(0);
      expect((await page('giraffe')).total).toBe(1);
      expect((await page('okapi')).total).toBe(1);
    });

    it('combines with the other filters', async () => {
      const r = await store.signals.page({ page: 1, pageSize: 1, sort: 'createdAt', order: 'asc', search: 'outage spike', source: 'demo' });
      expect(r.total).toBe(3);
      expect(r.items).toHaveLength(1);
      expect((await store.signals.page({ page: 1, pageSize: 5, sort: 'createdAt', order: 'asc', search: 'outage spike', source: 'x' })).total).toBe(0);
      expect(byN(await store.listSignals({ limit: 50, search: 'outage', category: 'bug', minSalience: 5 }))).toEqual([1, 2, 4, 5]);
    });
  });
}

/** Migration 0009 indexes the items stored before it (the FTS5 backfill; the PostgreSQL index covers existing rows by construction). */
describe('search migration backfills existing items', () => {
  const targets: Array<{ name: string; location: () => Promise<{ path: string; url?: string; drop?: () => Promise<void> }> }> = [
    { name: 'sqlite', location: async () => ({ path: join(tempDir(), 'old.db') }) },
  ];
  if (TEST_DATABASE_URL) {
    targets.push({
      name: 'postgres',
      location: async () => {
        const url = await createPgDatabase(TEST_DATABASE_URL as string);
        return { path: '', url, drop: () => dropPgDatabase(TEST_DATABASE_URL as string, url) };
      },
    });
  }
  for (const t of targets) {
    it(`[${t.name}] items saved under 0006 are found after migrating to the latest`, async () => {
      const loc = await t.location();
      try {
        const { db, dialect } = openDb(loc);
        const { error } = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateTo('0006_job_owner');
        expect(error).toBeUndefined();
        await db.destroy();
        // The store's writes need the latest schema only for reads here: insert with the 0006 schema's columns.
        const old = openDb(loc);
        const it0 = newItem(1, { text: 'an outage spike before the upgrade' });
        await old.db
          .insertInto('items')
          .values({ source: it0.source, external_id: it0.externalId, url: it0.url, author_id: null, author_handle: 'legacy', author_name: null, author_followers: null, title: null, text: it0.text, lang: 'en', created_at: it0.createdAt, fetched_at: AT, updated_at: AT, likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0, queries: '[]', content_hash: it0.contentHash, raw: 'null' })
          .execute();
        await old.db.destroy();
        const store = createKyselyStore(loc, fixedClock(new Date(AT)));
        try {
          await store.migrate();
          const r = await store.signals.page({ page: 1, pageSize: 5, sort: 'createdAt', order: 'desc', search: 'spike outage' });
          expect(r.items.map((s) => s.text)).toEqual(['an outage spike before the upgrade']);
          expect((await store.signals.page({ page: 1, pageSize: 5, sort: 'createdAt', order: 'desc', search: 'legacy' })).total).toBe(1);
        } finally {
          await store.close();
        }
      } finally {
        await loc.drop?.();
      }
    });
  }
});
