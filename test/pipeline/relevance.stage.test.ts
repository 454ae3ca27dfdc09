import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { feedbackConfigSchema } from '../../src/feedback/feedback.config.js';
import type { NewItem } from '../../src/domain/item.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const KEY = 'relevance-admin-key-0123456789abcdef';
const clock = fixedClock(NOW);

const GARDEN = ['tomato seedlings in the greenhouse this week', 'compost heap turning tips for the vegetable garden', 'pruning roses and tomato plants before spring', 'a greenhouse for seedlings in the vegetable garden', 'mulch and compost for raised vegetable beds', 'watering tomato seedlings in a small greenhouse'];
const DATABASES = ['a talk on postgres index design and vacuum', 'notes on the postgres query planner and index joins', 'postgres replication and vacuum explained', 'a postgres connection pool and replica guide', 'postgres table partitioning and index guide', 'postgres vacuum and replication slots explained'];

/** Gardening posts are louder (more likes) than database posts, so they lead until labels say otherwise. */
const items: NewItem[] = [
  ...GARDEN.map((text, i) => newItem(i + 1, { text, metrics: { likes: 60 + i, reposts: 0, replies: 0, quotes: 0, views: 0 } })),
  ...DATABASES.map((text, i) => newItem(i + 11, { text, metrics: { likes: 20 + i, reposts: 0, replies: 0, quotes: 0, views: 0 } })),
];
const source: Source = {
  name: 'demo',
  async *fetch() {
    yield { items, cursor: { key: 'list', value: String(items.length) } };
  },
};

for (const target of storeTargets()) {
  describe(`the learned relevance model in salience [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    const deps = (): PipelineDeps => ({
      store,
      sources: [source],
      analyzer: createHeuristicAnalyzer({ products: [], competitors: [] }),
      notifiers: [],
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({}),
      feedback: feedbackConfigSchema.parse({ minLabels: 4, weight: 30 }),
      batchSize: 5,
    });
    const order = async (): Promise<string[]> => (await store.top({ limit: 20 })).map((s) => s.text);
    const idOf = async (text: string): Promise<number> => (await store.top({ limit: 20 })).find((s) => s.text === text)!.id;
    const label = async (text: string, value: string): Promise<number> => {
      const r = await app.inject({ method: 'PUT', url: `/signals/${await idOf(text)}/label`, headers: { 'x-api-key': KEY }, payload: { label: value } });
      return r.statusCode;
    };

    beforeEach(async () => {
      store = await target.open(clock);
      app = await buildApp({ store, clock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [KEY], rateLimit: { anonymousPerMinute: 1_000_000, keyedPerMinute: 1_000_000 } }), version: 'test' });
    }, 60_000);
    afterEach(async () => {
      await app.close();
      await store.close();
    });

    it('labels through PUT /signals/{id}/label change the order after the next run, with the model\'s part in the breakdown', async () => {
      await runPipeline(deps());
      const before = await order();
      const salienceBefore = new Map((await store.top({ limit: 20 })).map((x) => [x.text, x.salience]));
      expect(GARDEN).toContain(before[0]);
      const top = await store.top({ limit: 1 });
      expect(top[0]!.breakdown.relevancePart).toBeUndefined();

      for (const t of DATABASES.slice(0, 3)) expect(await label(t, 'relevant')).toBe(200);
      // below minLabels (4): the model stays out of the ranking
      const r1 = await runPipeline(deps());
      expect(r1.score.relevance).toBe('off');
      expect(await order()).toEqual(before);

      for (const t of GARDEN.slice(0, 2)) expect(await label(t, 'irrelevant')).toBe(200);
      const r2 = await runPipeline(deps());
      expect(r2.score.relevance).toBe('trained');
      const after = await order();
      expect(DATABASES).toContain(after[0]);
      expect(after).not.toEqual(before);
      // unlabelled posts move with the labels: database posts up, gardening posts down
      const gain = (texts: readonly string[]): number => texts.reduce((s, t) => s + (salienceAfter.get(t)! - salienceBefore.get(t)!), 0) / texts.length;
      const salienceAfter = new Map((await store.top({ limit: 20 })).map((x) => [x.text, x.salience]));
      expect(gain(DATABASES.slice(3))).toBeGreaterThan(gain(GARDEN.slice(2)) + 5);

      const probe = (await store.top({ limit: 20 })).find((s) => s.text === DATABASES[5])!;
      const b = probe.breakdown;
      expect(b.relevance).toBeGreaterThan(0);
      expect(b.relevancePart).toBeCloseTo(30 * b.relevance!, 2);
      expect(b.relevanceNote).toMatch(/^like [1-3] signals? you marked relevant: "/);
      expect(b.relevanceNote).not.toContain(DATABASES[5]);
      // the breakdown still states the whole formula
      const sum = (b.base + b.metrics + b.urgencyPart + b.relevancePart!) * b.categoryBoost * b.sentimentMultiplier * b.recency;
      expect(b.unclamped).toBeCloseTo(sum, 1);

      // the model is stored (survives a restart) and is kept while the labels do not change
      const stored = await store.relevance.active();
      expect(stored?.model).toBeTruthy();
      const r3 = await runPipeline(deps());
      expect(r3.score.relevance).toBe('kept');
      expect(await order()).toEqual(after);
    }, 60_000);
  });
}
