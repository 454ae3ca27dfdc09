import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { feedbackConfigSchema } from '../../src/feedback/feedback.config.js';
import { backtestStore } from '../../src/feedback/backtest.service.js';
import type { NewItem } from '../../src/domain/item.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const READ = 'experiments-read-key-0123456789abcdef';
const ADMIN = 'experiments-admin-key-0123456789abcdef';
const clock = fixedClock(NOW);
const HOUR = 3_600_000;

/** Two days of posts: outages (labelled relevant) and chatter, the chatter louder. */
const items: NewItem[] = Array.from({ length: 24 }, (_, i) => {
  const outage = i % 3 === 0;
  return newItem(i + 1, {
    text: outage ? `Brindlepost is down, cannot log in, error 503 everywhere #${i}` : `nice weekend, coffee and a walk in the park #${i}`,
    metrics: { likes: outage ? 5 : 40, reposts: 0, replies: 0, quotes: 0, views: 0 },
    createdAt: new Date(NOW.getTime() - (i * 2 + 1) * HOUR).toISOString(),
  });
});

for (const target of storeTargets()) {
  describe(`GET /experiments [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    let firstId: number;
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url, headers: { 'x-api-key': READ } });
      return { status: r.statusCode, body: r.json() as Record<string, unknown> };
    };

    beforeAll(async () => {
      store = await target.open(clock);
      app = await buildApp({ store, clock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ], rateLimit: { anonymousPerMinute: 1_000_000, keyedPerMinute: 1_000_000 } }), version: 'test' });
      const source = { name: 'demo' as const, async *fetch() { yield { items, cursor: { key: 'list', value: '1' } }; } };
      await runPipeline({ store, sources: [source], analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }), notifiers: [], clock, log: silentLogger(), scoring: scoringConfigSchema.parse({}), batchSize: 10 });
      for (const [i, it] of items.entries()) {
        const found = await store.findItem('demo', it.externalId);
        await store.labels.set({ itemId: found!.id, label: i % 3 === 0 ? 'relevant' : 'irrelevant', actor: 'test', at: NOW.toISOString() });
      }
      const feedback = feedbackConfigSchema.parse({});
      const configs = [
        { name: 'default', scoring: scoringConfigSchema.parse({}), feedback, threshold: 20 },
        { name: 'engagement only', scoring: scoringConfigSchema.parse({ weights: { urgency: 0 }, categoryBoosts: { outage: 1, bug: 1, complaint: 1 } }), feedback, threshold: 20 },
      ];
      firstId = (await backtestStore(store, { configs, k: 3, withModel: false, now: NOW })).experiment.id;
      await backtestStore(store, { configs, k: 3, from: new Date(NOW.getTime() - 24 * HOUR).toISOString(), withModel: false, now: NOW });
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    it('lists the backtests newest first with their side-by-side figures and winner; one by id', async () => {
      const list = await get('/experiments');
      expect(list.status).toBe(200);
      const experiments = list.body.experiments as Array<{ id: number; winner: string; params: { configs: string[]; from: string | null }; result: { signals: number; relevant: number; configs: Array<{ name: string; ndcgAtK: number }> } }>;
      expect(experiments.map((e) => e.id)).toEqual([firstId + 1, firstId]);
      const first = experiments[1]!;
      expect(first.params.configs).toEqual(['default', 'engagement only']);
      expect(first.result.signals).toBe(24);
      expect(first.result.relevant).toBe(8);
      // the outage boost ranks the quiet outages above the loud chatter: the default config wins
      expect(first.winner).toBe('default');
      const [a, b] = first.result.configs;
      expect(a!.ndcgAtK).toBeGreaterThan(b!.ndcgAtK);
      expect(experiments[0]!.result.signals).toBeLessThan(24);
      const one = await get(`/experiments/${firstId}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(first);
    });

    it('404 for an unknown experiment, 400 for a bad id or limit', async () => {
      expect((await get('/experiments/987654')).status).toBe(404);
      expect((await get('/experiments/abc')).status).toBe(400);
      expect((await get('/experiments?limit=0')).status).toBe(400);
    });
  });
}
