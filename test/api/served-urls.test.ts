import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');

// Issue 13 item 14: rows stored before the fetch boundary dropped non-http(s) links (saveFetchBatch
// is below that boundary) must not be served with a javascript: or data: link.
for (const target of storeTargets()) {
  describe(`served URLs are http(s) only [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;

    beforeAll(async () => {
      store = await target.open();
      await store.saveFetchBatch('demo', [
        newItem(1, { url: 'javascript:alert(document.cookie)' }),
        newItem(2, { url: 'data:text/html,<script>alert(1)</script>' }),
        newItem(3, { url: 'https://example.com/post/3' }),
        newItem(4, { url: ' JaVaScRiPt:alert(1)' }),
      ]);
      app = await buildApp({ store, clock: fixedClock(NOW), log: silentLogger(), api: apiConfigSchema.parse({}), version: 'test' });
    });
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    it('the store, GET /signals and GET /signals/:id give null for the unsafe links, the https one as is', async () => {
      const byExt = async (ext: string) => (await store.findItem('demo', ext))?.url;
      expect([await byExt('ext-1'), await byExt('ext-2'), await byExt('ext-3'), await byExt('ext-4')]).toEqual([null, null, 'https://example.com/post/3', null]);

      const list = (await app.inject({ method: 'GET', url: '/signals?pageSize=100' })).json<{ items: Array<{ id: number; externalId: string; url: string | null }> }>();
      const urls = Object.fromEntries(list.items.map((s) => [s.externalId, s.url]));
      expect(urls).toEqual({ 'ext-1': null, 'ext-2': null, 'ext-3': 'https://example.com/post/3', 'ext-4': null });
      for (const s of list.items) {
        const one = (await app.inject({ method: 'GET', url: `/signals/${s.id}` })).json<{ url: string | null }>();
        expect(one.url).toBe(urls[s.externalId]);
      }
      const body = (await app.inject({ method: 'GET', url: '/signals?pageSize=100' })).body;
      expect(body).not.toMatch(/javascript:|data:text/i);
    });
  });
}
