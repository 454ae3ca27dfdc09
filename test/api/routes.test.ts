import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

interface SignalJson {
  id: number;
  externalId: string;
  source: string;
  category: string;
  salience: number;
  createdAt: string;
  text: string;
  breakdown: Record<string, number>;
}

for (const target of storeTargets()) {
  describe(`API routes on the demo data [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;

    beforeAll(async () => {
      store = await demoStore(target);
      app = await buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 100_000 } }), version: 'test' });
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url });
      return { status: r.statusCode, body: r.json() as unknown, headers: r.headers };
    };

    it('health: live, ready, startup and the summary', async () => {
      expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await get('/health/ready');
      expect(ready).toMatchObject({ status: 200, body: { status: 'ok', checks: { store: { ok: true } } } });
      expect((await get('/health/startup')).status).toBe(200);
      expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok', version: 'test' } });
    });

    it('GET /top: loudest first, limit, minSalience and the legacy min_salience alias, hours', async () => {
      const top = await get('/top?limit=10');
      expect(top.status).toBe(200);
      const rows = top.body as SignalJson[];
      expect(rows).toHaveLength(10);
      expect(rows.map((r) => r.salience)).toEqual([...rows.map((r) => r.salience)].sort((a, b) => b - a));
      expect(rows[0]?.breakdown).toHaveProperty('categoryBoost');
      const strict = (await get('/top?limit=200&minSalience=90')).body as SignalJson[];
      expect(strict.every((r) => r.salience >= 90)).toBe(true);
      expect((await get('/top?limit=200&min_salience=90')).body).toEqual(strict);
      const recent = (await get('/top?limit=200&hours=1')).body as SignalJson[];
      expect(recent.every((r) => Date.parse(r.createdAt) >= DEMO_NOW.getTime() - 3_600_000)).toBe(true);
      expect((await get('/top')).body as unknown[]).toHaveLength(50);
    });

    it.each([
      ['/top?limit=0', 'querystring.limit'],
      ['/top?limit=201', 'querystring.limit'],
      ['/top?limit=abc', 'querystring.limit'],
      ['/top?min_salience=101', 'querystring.min_salience'],
      ['/top?hours=0', 'querystring.hours'],
      ['/top?bogus=1', 'querystring.bogus'],
      ['/items?category=rumour', 'querystring.category'],
      ['/items?limit=500', 'querystring.limit'],
      ['/items?cursor=not-a-cursor', 'querystring.cursor'],
      ['/items/abc', 'params.id'],
      ['/top?limit=Infinity', 'querystring.limit'],
      ['/top?hours=-Infinity', 'querystring.hours'],
      ['/items?minSalience=1e309', 'querystring.minSalience'],
      ['/items/0', 'params.id'],
    ])('GET %s → 400 naming %s', async (url, field) => {
      const r = await get(url);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'INPUT_INVALID' } });
      expect(JSON.stringify(r.body)).toContain(field);
    });

    it('GET /tweet/{id} finds by external id or store id, 404 otherwise', async () => {
      const [first] = (await get('/top?limit=1')).body as SignalJson[];
      expect((await get(`/tweet/${first?.externalId}`)).body).toMatchObject({ id: first?.id });
      expect((await get(`/tweet/${first?.id}`)).body).toMatchObject({ id: first?.id });
      expect(await get('/tweet/999999999999')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    });

    it('GET /items: newest first, filters, and cursor pagination that visits every row once', async () => {
      const page1 = (await get('/items?limit=7&category=outage')).body as { items: SignalJson[]; nextCursor: string | null };
      expect(page1.items).toHaveLength(7);
      expect(page1.items.every((i) => i.category === 'outage')).toBe(true);
      const seen = new Set<number>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = (await get(`/items?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body as { items: SignalJson[]; nextCursor: string | null };
        for (const i of r.items) {
          expect(seen.has(i.id)).toBe(false);
          seen.add(i.id);
        }
        cursor = r.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect(seen.size).toBe(2000);
      const search = (await get('/items?search=status%20page&limit=200')).body as { items: SignalJson[] };
      expect(search.items.length).toBeGreaterThan(0);
      expect(search.items.every((i) => /status page/i.test(i.text))).toBe(true);
    });

    it('GET /items/{id}: one item with its breakdown, 404 when absent', async () => {
      const [first] = (await get('/top?limit=1')).body as SignalJson[];
      expect((await get(`/items/${first?.id}`)).body).toMatchObject({ id: first?.id, breakdown: first?.breakdown });
      expect((await get('/items/99999999')).status).toBe(404);
    });

    it('GET /metrics: a JSON summary of the store and process', async () => {
      const r = await get('/metrics');
      expect(r).toMatchObject({ status: 200, body: { store: { items: 2000, scored: 2000, pendingAnalysis: 0 }, lastRun: { status: 'succeeded' } } });
    });

    it('serves the OpenAPI document and the docs page from the same schemas', async () => {
      const doc = (await get('/openapi.json')).body as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/top', '/tweet/{id}', '/items', '/items/{id}', '/health/ready', '/metrics']));
      const page = await app.inject({ method: 'GET', url: '/docs/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/swagger/i);
    });

    it('answers unknown routes with the standard 404 body', async () => {
      expect(await get('/nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    });
  });
}
