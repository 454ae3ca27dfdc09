import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

const ADMIN = 'labels-admin-key-0123456789abcdef';
const OTHER = 'labels-other-key-0123456789abcdef';
const READ = 'labels-read-key-0123456789abcdef';
const NOW = new Date('2026-11-20T12:00:00.000Z');

for (const target of storeTargets()) {
  describe(`PUT /signals/{id}/label [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    let id: number;
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, opts: { key?: string; payload?: unknown } = {}) => {
      const r = await app.inject({ method, url, headers: { 'x-api-key': opts.key ?? ADMIN }, ...(opts.payload === undefined ? {} : { payload: opts.payload as object }) });
      return { status: r.statusCode, body: r.json() as Record<string, unknown>, raw: r.body };
    };

    beforeAll(async () => {
      store = await target.open(fixedClock(NOW));
      app = await buildApp({ store, clock: fixedClock(NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN, OTHER], readKeys: [READ], rateLimit: { anonymousPerMinute: 1_000_000, keyedPerMinute: 1_000_000 } }), version: 'test' });
      id = Number((await call('POST', '/signals', { payload: { text: 'label probe' } })).body.id);
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    it('labels, keeps who (a key fingerprint, never the key) and when; the last label wins, the history keeps both', async () => {
      const a = await call('PUT', `/signals/${id}/label`, { payload: { label: 'relevant' } });
      expect(a.status, a.raw).toBe(200);
      expect(a.body).toMatchObject({ itemId: id, label: 'relevant', at: NOW.toISOString() });
      expect(String(a.body.actor)).toMatch(/^key:[0-9a-f]{16}$/);
      expect(a.raw).not.toContain(ADMIN);
      const b = await call('PUT', `/signals/${id}/label`, { key: OTHER, payload: { label: 'irrelevant' } });
      expect(b.body.label).toBe('irrelevant');
      expect(b.body.actor).not.toBe(a.body.actor);
      expect((b.body.history as unknown[]).length).toBe(2);
      const got = await call('GET', `/signals/${id}/label`, { key: READ });
      expect(got.body).toEqual(b.body);
      const cleared = await call('PUT', `/signals/${id}/label`, { payload: { label: 'clear' } });
      expect(cleared.body).toMatchObject({ label: null, actor: null });
    });

    it('404 for an unknown signal, 400 for a bad label or extra fields, 403 for a read-only key', async () => {
      expect((await call('PUT', '/signals/987654/label', { payload: { label: 'relevant' } })).status).toBe(404);
      expect((await call('GET', '/signals/987654/label')).status).toBe(404);
      const bad = await call('PUT', `/signals/${id}/label`, { payload: { label: 'maybe' } });
      expect(bad.status).toBe(400);
      expect((await call('PUT', `/signals/${id}/label`, { payload: { label: 'relevant', extra: 1 } })).status).toBe(400);
      expect((await call('PUT', `/signals/${id}/label`, { key: READ, payload: { label: 'relevant' } })).status).toBe(403);
    });
  });
}
