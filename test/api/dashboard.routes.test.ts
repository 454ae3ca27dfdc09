import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { toSeries } from '../../src/api/routes/dashboard/index.js';
import { CATEGORIES } from '../../src/domain/analysis.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { SignalAdminRow } from '../../src/store/signals.port.js';
import type { RunRecord, Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets, tempDir } from '../helpers/stores.js';

interface Page {
  items: SignalAdminRow[];
  total: number;
}
interface Volume {
  window: string;
  bucket: string;
  since: string;
  until: string;
  buckets: string[];
  series: Array<{ key: string; total: number; counts: number[] }>;
}

for (const target of storeTargets()) {
  describe(`dashboard routes and signal filters on the demo data [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;

    beforeAll(async () => {
      store = await demoStore(target);
      app = await buildApp({
        store,
        clock: fixedClock(DEMO_NOW),
        log: silentLogger(),
        api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 } }),
        version: 'test',
      });
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url });
      return { status: r.statusCode, body: r.json() as unknown };
    };
    const ok = async <T>(url: string): Promise<T> => {
      const r = await get(url);
      expect(r.status, url).toBe(200);
      return r.body as T;
    };

    it('GET /dashboard/volume: every bucket of the window, series by category summing to the items created in it', async () => {
      for (const [window, bucket, count] of [
        ['24h', 'hour', 25],
        ['7d', 'day', 8],
        ['30d', 'day', 31],
      ] as const) {
        const v = await ok<Volume>(`/dashboard/volume?window=${window}`);
        expect(v).toMatchObject({ window, bucket, until: DEMO_NOW.toISOString() });
        expect(v.buckets).toHaveLength(count);
        expect(v.buckets[0]).toBe(v.since);
        expect(v.buckets).toEqual([...v.buckets].sort());
        for (const s of v.series) {
          expect(s.counts).toHaveLength(count);
          expect(s.total).toBe(s.counts.reduce((a, b) => a + b, 0));
          expect([...CATEGORIES, 'unanalysed']).toContain(s.key);
        }
        const totals = v.series.map((s) => s.total);
        expect(totals).toEqual([...totals].sort((a, b) => b - a));
        const inWindow = await ok<Page>(`/signals?pageSize=1&since=${encodeURIComponent(v.since)}`);
        expect(v.series.reduce((a, s) => a + s.total, 0)).toBe(inWindow.total);
        expect(inWindow.total).toBeGreaterThan(0);
      }
      // One category checked against the list filtered to it.
      const week = await ok<Volume>('/dashboard/volume?window=7d');
      const outage = week.series.find((s) => s.key === 'outage');
      expect(outage?.total).toBe((await ok<Page>(`/signals?pageSize=1&category=outage&since=${encodeURIComponent(week.since)}`)).total);
    });

    it('GET /dashboard/volume?by=source splits by source; a bad window is a 400 naming it', async () => {
      const v = await ok<Volume>('/dashboard/volume?window=30d&by=source');
      expect(v.series.map((s) => s.key)).toEqual(['demo']);
      const bad = await get('/dashboard/volume?window=1y');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/window/);
      expect((await get('/dashboard/volume?by=author')).status).toBe(400);
    });

    it('GET /dashboard/signals/:id/analysis: the full analysis of that signal; 404 without one', async () => {
      const one = (await ok<Page>('/signals?pageSize=1&sort=salience')).items[0] as SignalAdminRow;
      const a = await ok<Record<string, unknown>>(`/dashboard/signals/${one.id}/analysis`);
      const full = await store.getSignal(one.id);
      expect(a).toMatchObject({ itemId: one.id, category: one.category, sentiment: one.sentiment, urgency: one.urgency, tags: one.tags, provider: 'heuristic', fallback: false });
      expect(a.reasoning).toBe(full?.reasoning);
      expect(Object.keys(a.entities as object).sort()).toEqual(['handles', 'hashtags', 'organisations', 'people', 'products']);
      const created = await app.inject({ method: 'POST', url: '/signals', payload: { text: 'not analysed yet' } });
      const id = (created.json() as { id: number }).id;
      expect((await get(`/dashboard/signals/${id}/analysis`)).status).toBe(404);
      expect((await get('/dashboard/signals/999999999/analysis')).status).toBe(404);
      expect((await get('/dashboard/signals/abc/analysis')).status).toBe(400);
      await app.inject({ method: 'DELETE', url: `/signals/${id}` });
    });

    it('GET /dashboard/signal-ids: the ids the signals list matches with the same filters, capped by limit', async () => {
      const filters = 'category=bug&search=brindlepost&minSalience=5';
      const list = await ok<Page>(`/signals?${filters}&pageSize=100`);
      expect(list.total).toBeGreaterThan(10);
      expect(list.total).toBeLessThanOrEqual(100);
      const all = await ok<{ ids: number[]; total: number }>(`/dashboard/signal-ids?${filters}`);
      expect(all.total).toBe(list.total);
      expect(all.ids).toEqual(list.items.map((s) => s.id));
      const few = await ok<{ ids: number[]; total: number }>(`/dashboard/signal-ids?${filters}&limit=3`);
      expect(few).toEqual({ ids: all.ids.slice(0, 3), total: list.total });
      expect((await ok<{ ids: number[]; total: number }>('/dashboard/signal-ids')).total).toBe(await store.countItems());
      for (const bad of ['limit=10001', 'limit=0', 'page=2', 'category=weather']) {
        const r = await get(`/dashboard/signal-ids?${bad}`);
        expect(r.status, bad).toBe(400);
      }
    });

    it('GET /dashboard/runs and GET /sources report the demo run', async () => {
      const { runs } = await ok<{ runs: RunRecord[] }>('/dashboard/runs?limit=5');
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'succeeded', error: null });
      const { sources } = await ok<{ sources: Array<Record<string, unknown>> }>('/sources');
      const demo = sources.find((x) => x.name === 'demo');
      // This app's config does not enable the demo source (the data was loaded by another run), so
      // its state is "disabled"; the stored health of that run is still reported.
      expect(demo).toMatchObject({
        lastErrorAt: null,
        lastError: null,
        consecutiveFailures: 0,
        rateLimitedUntil: null,
        lastFetchedCount: await store.countItems(),
        itemsTotal: await store.countItems(),
      });
      expect(typeof demo?.lastSuccessAt).toBe('string');
    });

    it('GET /signals filters by category, sentiment, minimum salience and time', async () => {
      const outage = await ok<Page>('/signals?category=outage&pageSize=100');
      expect(outage.total).toBeGreaterThan(0);
      expect(outage.items.every((s) => s.category === 'outage')).toBe(true);
      expect(outage.total).toBe((await store.stats()).byCategory.outage);

      const negative = await ok<Page>('/signals?sentiment=negative&category=outage&pageSize=100');
      expect(negative.total).toBeGreaterThan(0);
      expect(negative.total).toBeLessThanOrEqual(outage.total);
      expect(negative.items.every((s) => s.sentiment === 'negative' && s.category === 'outage')).toBe(true);

      const loud = await ok<Page>('/signals?minSalience=80&pageSize=100');
      expect(loud.total).toBeGreaterThan(0);
      expect(loud.items.every((s) => (s.salience ?? -1) >= 80)).toBe(true);
      expect(loud.total).toBeLessThan((await ok<Page>('/signals?minSalience=10&pageSize=1')).total);

      // An offset in `since` is the same instant as its UTC form.
      const since = new Date(DEMO_NOW.getTime() - 6 * 3_600_000);
      const utc = await ok<Page>(`/signals?pageSize=100&since=${encodeURIComponent(since.toISOString())}`);
      const plusTwo = new Date(since.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
      const offset = await ok<Page>(`/signals?pageSize=100&since=${encodeURIComponent(plusTwo)}`);
      expect(utc.total).toBeGreaterThan(0);
      expect(offset.total).toBe(utc.total);
      expect(utc.items.every((s) => s.createdAt >= since.toISOString())).toBe(true);

      for (const bad of ['category=weather', 'sentiment=angry', 'minSalience=101', 'minSalience=-1', 'since=yesterday']) {
        const r = await get(`/signals?${bad}`);
        expect(r.status, bad).toBe(400);
        expect(JSON.stringify(r.body), bad).toContain(bad.split('=')[0] as string);
      }
    });
  });
}

describe('dashboard static files', () => {
  const KEY = 'dashboard-test-admin-key-0001';
  const makeApp = async (webRoot: string) => {
    const store = await storeTargets()[0]!.open();
    const app = await buildApp(
      { store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: [KEY], rateLimit: { anonymousPerMinute: 1_000_000 } }), version: 'test' },
      { webRoot },
    );
    return { app, close: async () => (await app.close(), await store.close()) };
  };

  it('serves index.html at / without a key (no-cache) and hashed assets for a year; the API still needs the key', async () => {
    const root = tempDir('harvest-web-');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>');
    writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
    const { app, close } = await makeApp(root);
    try {
      const index = await app.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toMatch(/text\/html/);
      expect(index.headers['cache-control']).toBe('no-cache');
      expect(index.body).toContain('/assets/index-Ab12Cd34.js');
      expect(index.headers['content-security-policy']).toContain("script-src 'self'");
      const asset = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await app.inject({ method: 'GET', url: '/index.html' })).headers['cache-control']).toBe('no-cache');

      expect((await app.inject({ method: 'GET', url: '/signals' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/signals', headers: { 'x-api-key': KEY } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
      // A file that is not there is not served, and an unknown path still gets the API's JSON answer.
      expect((await app.inject({ method: 'GET', url: '/assets/missing-Zz99Yy88.js' })).statusCode).toBe(404);
      const unknown = await app.inject({ method: 'GET', url: '/no-such-page', headers: { 'x-api-key': KEY } });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: { code: expect.any(String) } });
      expect((await app.inject({ method: 'GET', url: '/assets/../../etc/passwd' })).statusCode).not.toBe(200);
    } finally {
      await close();
    }
  });

  it('says how to build the dashboard when web/dist is missing', async () => {
    const { app, close } = await makeApp(join(tempDir('harvest-web-'), 'absent'));
    try {
      const r = await app.inject({ method: 'GET', url: '/' });
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain('npm run build:web');
    } finally {
      await close();
    }
  });
});

describe('toSeries', () => {
  it('fills empty buckets with zeros and drops rows outside the window', () => {
    const from = Date.parse('2026-11-20T10:20:00.000Z');
    const to = Date.parse('2026-11-20T12:10:00.000Z');
    const s = toSeries(
      [
        { bucket: '2026-11-20T10:00:00.000Z', key: 'bug', count: 2 },
        { bucket: '2026-11-20T12:00:00.000Z', key: 'bug', count: 1 },
        { bucket: '2026-11-20T11:00:00.000Z', key: 'praise', count: 4 },
        { bucket: '2026-11-19T11:00:00.000Z', key: 'praise', count: 9 },
      ],
      from,
      to,
      'hour',
    );
    expect(s.buckets).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-20T11:00:00.000Z', '2026-11-20T12:00:00.000Z']);
    expect(s.series).toEqual([
      { key: 'praise', counts: [0, 4, 0], total: 4 },
      { key: 'bug', counts: [2, 0, 1], total: 3 },
    ]);
  });
});
