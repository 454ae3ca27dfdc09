import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';

const ROUTES = [
  '/top',
  '/tweet/{id}',
  '/items',
  '/items/{id}',
  '/health',
  '/health/live',
  '/health/ready',
  '/health/startup',
  '/metrics',
  '/openapi.json',
  '/signals',
  '/signals/stats',
  '/signals/{id}',
  '/signals/bulk/status',
  '/signals/bulk/delete',
  '/bulk-jobs/{id}',
  '/bulk-jobs/{id}/stream',
  '/bulk-jobs/{id}/cancel',
  '/snapshots',
  '/snapshots/{id}',
  '/snapshots/{id}/download',
  '/refresh',
];
const PARAMS = ['limit', 'minSalience', 'min_salience', 'hours', 'cursor', 'category', 'sentiment', 'source', 'search', 'id', 'x', 'page', 'pageSize', 'status', 'sort', 'order', 'notify_threshold', 'notify_limit', 'notify_hours'];

/** Random query values: numbers of every kind, huge, negative, unicode, injection-looking strings. */
const value = fc.oneof(
  fc.integer({ min: -1e12, max: 1e12 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '1e309', "' OR 1=1 --", '%00', '../../etc/passwd', 'outage', 'x', 'aWQ6MQ', 'id:1', '🔥'.repeat(5)),
);
const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), value), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString());
const pathId = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.integer().map(String), fc.constantFrom('0', '-1', '1e3', '999999999999999999999', '%2F', '..'));
const method = fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT');
/** Bodies: random JSON, and near-valid shapes of every route's body with random values. */
const nearValid = fc.record(
  {
    ids: fc.oneof(fc.array(fc.integer({ min: -5, max: 3000 }), { maxLength: 20 }), fc.anything()),
    status: fc.oneof(fc.constantFrom('active', 'paused', 'inactive', 'error', 'ACTIVE', ''), fc.anything()),
    text: fc.oneof(fc.string({ maxLength: 60 }), fc.anything()),
    title: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
    url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 20 })),
    format: fc.constantFrom('json', 'csv', 'ndjson', 'xml'),
    filters: fc.oneof(fc.record({ category: fc.constantFrom('outage', 'nope'), minSalience: fc.double(), hours: fc.integer() }, { requiredKeys: [] }), fc.anything()),
  },
  { requiredKeys: [] },
).map((o) => JSON.stringify(o));
const body = fc.option(fc.oneof(fc.json(), fc.string({ maxLength: 200 }), nearValid), { nil: undefined });

const target = storeTargets()[0];

describe('property: random requests to every route never produce a 5xx', () => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    if (!target) throw new Error('no store target');
    store = await demoStore(target);
    const clock = fixedClock(DEMO_NOW);
    app = await buildApp({
      store,
      clock,
      log: silentLogger(),
      api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 } }),
      version: 'test',
      pipelineDeps: () => ({
        store,
        sources: [],
        analyzer: createHeuristicAnalyzer({ products: [], competitors: [] }),
        notifiers: [],
        clock,
        log: silentLogger(),
        scoring: scoringConfigSchema.parse({}),
        batchSize: 500,
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('holds for 1,000 random requests', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), pathId, query, method, body, async (route, id, qs, m, b) => {
        const path = route.replace('{id}', encodeURIComponent(id));
        const res = await app.inject({
          method: m as 'GET',
          url: `${path}${qs ? `?${qs}` : ''}`,
          payload: b,
          headers: b === undefined ? {} : { 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${m} ${path}?${qs} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json()).toHaveProperty('error.code');
      }),
      { numRuns: 1000 },
    );
  }, 240_000);
});

/** Words and the syntax of FTS5, tsquery and SQL, glued at random: what a search box may send. */
const searchText = fc
  .array(fc.constantFrom('"', '*', '-', '+', 'NEAR', 'near(', '(', ')', ':', '^', "'", '\\', '&', '|', '!', '<->', 'AND', 'OR', 'NOT', ' ', ' ', 'status', 'page', 'down', 'brindlepost', 'title', 'text', '{', '}', '%', '_', 'é', '🔥', 'a', '1', ':*', 'AB'), { maxLength: 12 })
  .map((parts) => parts.join('').slice(0, 200));

for (const t of storeTargets()) {
  describe(`property: any search text answers 200 with only items holding its words [${t.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    beforeAll(async () => {
      store = await demoStore(t);
      app = await buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 } }), version: 'test' });
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    it('holds for 150 random searches on /signals and /items', async () => {
      await fc.assert(
        fc.asyncProperty(searchText, fc.constantFrom('/signals?pageSize=100&search=', '/items?limit=200&search='), async (search, path) => {
          const res = await app.inject({ method: 'GET', url: `${path}${encodeURIComponent(search)}` });
          expect(res.statusCode, `${path}${search} → ${res.body.slice(0, 300)}`).toBe(200);
          const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
          const items = (res.json() as { items: Array<{ text: string; title: string | null; author?: string | null }> }).items;
          for (const it of items) {
            const hay = `${it.text} ${it.title ?? ''} ${it.author ?? ''}`.toLowerCase();
            for (const w of words) expect(hay, `${search}: ${hay}`).toContain(w);
          }
        }),
        { numRuns: 150 },
      );
    }, 240_000);
  });
}
