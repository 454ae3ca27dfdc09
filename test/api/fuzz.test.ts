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

const ROUTES = ['/top', '/tweet/{id}', '/items', '/items/{id}', '/health', '/health/live', '/health/ready', '/health/startup', '/metrics', '/openapi.json'];
const PARAMS = ['limit', 'minSalience', 'min_salience', 'hours', 'cursor', 'category', 'sentiment', 'source', 'search', 'id', 'x'];

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
const body = fc.option(fc.oneof(fc.json(), fc.string({ maxLength: 200 })), { nil: undefined });

const target = storeTargets()[0];

describe('property: random requests to every route never produce a 5xx', () => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    if (!target) throw new Error('no store target');
    store = await demoStore(target);
    app = await buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 } }), version: 'test' });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('holds for 600 random requests', async () => {
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
      { numRuns: 600 },
    );
  }, 120_000);
});
