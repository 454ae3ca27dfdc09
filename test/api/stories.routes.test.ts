/*
 * GET /stories, GET /stories/{id} and the story of GET /signals/{id} on the demo data, on the real
 * buildApp() and a real store (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { StoryDetail, StoryRow } from '../../src/store/stories.port.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

interface Page {
  items: StoryRow[];
  total: number;
  page: number;
  pageSize: number;
}

for (const target of storeTargets()) {
  describe(`story routes on the demo data [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;

    beforeAll(async () => {
      store = await demoStore(target);
      app = await buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 } }), version: 'test' });
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    const get = async <T>(url: string, status = 200): Promise<T> => {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, r.body).toBe(status);
      return r.json() as T;
    };

    it('lists stories loudest first, paged, with the filters of /signals', async () => {
      const first = await get<Page>('/stories?pageSize=5&minSize=2');
      expect(first.items).toHaveLength(5);
      expect(first.total).toBeGreaterThan(5);
      const saliences = first.items.map((s) => s.salience ?? -1);
      expect(saliences).toEqual([...saliences].sort((a, b) => b - a));
      for (const s of first.items) {
        expect(s.size).toBeGreaterThanOrEqual(2);
        expect(s.breakdown?.members).toBe(s.size);
        expect(s.title.length).toBeGreaterThan(0);
      }
      const second = await get<Page>('/stories?pageSize=5&page=2&minSize=2');
      expect(second.items).toHaveLength(5);
      expect(second.items.filter((s) => first.items.some((f) => f.id === s.id))).toEqual([]);
      const big = await get<Page>('/stories?minSize=20&pageSize=100');
      expect(big.items.every((s) => s.size >= 20)).toBe(true);
      expect(big.total).toBe(big.items.length);
      const loud = await get<Page>('/stories?minSalience=60&pageSize=100');
      expect(loud.items.every((s) => (s.salience ?? 0) >= 60)).toBe(true);
      const recent = await get<Page>('/stories?since=2026-11-20T00:00:00Z&pageSize=100');
      expect(recent.items.every((s) => s.lastAt >= '2026-11-20T00:00:00.000Z')).toBe(true);
      const words = await get<Page>('/stories?search=outage&minSize=2&pageSize=100');
      expect(words.total).toBeGreaterThan(0);
      expect(words.total).toBeLessThan(first.total);
      const none = await get<Page>('/stories?source=arxiv');
      expect(none.total).toBe(0);
      await get('/stories?pageSize=0', 400);
      await get('/stories?frobnicate=1', 400);
    });

    it('shows a story with its members, sources and timeline; a signal names its story', async () => {
      const [top] = (await get<Page>('/stories?pageSize=1&minSize=3')).items;
      if (!top) throw new Error('no story');
      const detail = await get<StoryDetail>(`/stories/${top.id}?members=500`);
      expect(detail).toMatchObject({ id: top.id, size: top.size, sources: top.sources });
      expect(detail.members).toHaveLength(Math.min(top.size, 500));
      expect(new Set(detail.members.map((m) => m.source))).toEqual(new Set(top.sources));
      expect(detail.timeline.reduce((n, h) => n + h.count, 0)).toBe(top.size);
      expect(detail.timeline.map((h) => h.hour)).toEqual([...detail.timeline.map((h) => h.hour)].sort());
      const limited = await get<StoryDetail>(`/stories/${top.id}?members=2`);
      expect(limited.members).toHaveLength(2);

      const member = detail.members[0];
      const signal = await get<{ id: number; story: { id: number; size: number; title: string } | null }>(`/signals/${member?.itemId}`);
      expect(signal.story).toEqual({ id: top.id, size: top.size, title: top.title });
      await get('/stories/999999999', 404);
      await get('/stories/abc', 400);
    });
  });
}
