/*
 * Mute rules and story labels through the real buildApp() on the demo data (SQLite, and PostgreSQL
 * when TEST_DATABASE_URL is set): bad input named, admin-only writes, muted rows hidden unless asked.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

const ADMIN = 'mutes-admin-key-0123456789abcdef';
const READ = 'mutes-read-key-0123456789abcdef';

interface Page {
  items: Array<{ id: number }>;
  total: number;
}

for (const target of storeTargets()) {
  describe(`mutes and story labels over HTTP [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, opts: { key?: string; payload?: unknown } = {}) => {
      const r = await app.inject({ method, url, headers: { 'x-api-key': opts.key ?? ADMIN }, ...(opts.payload === undefined ? {} : { payload: opts.payload as object }) });
      return { status: r.statusCode, body: (r.body ? r.json() : {}) as Record<string, unknown>, raw: r.body };
    };
    const ids = async (url: string): Promise<number[]> => ((await call('GET', url)).body as unknown as Page).items.map((i) => i.id);

    beforeAll(async () => {
      store = await demoStore(target);
      app = await buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ], rateLimit: { anonymousPerMinute: 1_000_000, keyedPerMinute: 1_000_000 } }), version: 'test' });
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    it('bad input: 400 naming the field, 404 for an unknown story, 403 for a read-only key; nothing stored', async () => {
      const cases: Array<[unknown, number, RegExp]> = [
        [{ kind: 'phrase', value: '   ' }, 400, /phrase/],
        [{ kind: 'source', value: 'myspace' }, 400, /source: unknown source "myspace"/],
        [{ kind: 'domain', value: 'https://example.com/x' }, 400, /domain: .* is not a domain name/],
        [{ kind: 'domain', value: 'no_dots' }, 400, /domain/],
        [{ kind: 'story', value: 'abc' }, 400, /story/],
        [{ kind: 'story', value: '99999999' }, 404, /story: no story 99999999/],
        [{ kind: 'colour', value: 'red' }, 400, /kind/],
        [{ kind: 'author', value: 'x', extra: 1 }, 400, /extra/],
      ];
      for (const [payload, status, message] of cases) {
        const r = await call('POST', '/mutes', { payload });
        expect(r.status, r.raw).toBe(status);
        expect((r.body.error as { message?: string } | undefined)?.message ?? r.raw).toMatch(message);
      }
      expect((await call('POST', '/mutes', { key: READ, payload: { kind: 'author', value: 'x' } })).status).toBe(403);
      expect((await call('GET', '/mutes', { key: READ })).body).toEqual({ mutes: [] });
      expect((await call('DELETE', '/mutes/12345')).status).toBe(404);
    });

    it('a muted author leaves /signals and /stories unless ?muted=include; only shows the muted; removing brings them back', async () => {
      const made = await call('POST', '/signals', { payload: { text: 'muted probe text', author: '@NoisyAccount', url: 'https://blog.noisy.example/post' } });
      expect(made.status, made.raw).toBe(201);
      const id = Number(made.body.id);
      expect(await ids('/signals?pageSize=5')).toContain(id);
      const a = await call('POST', '/mutes', { payload: { kind: 'author', value: '@noisyaccount' } });
      expect(a.status, a.raw).toBe(201);
      expect(a.body).toMatchObject({ kind: 'author', value: 'noisyaccount' });
      expect(String(a.body.actor)).toMatch(/^key:[0-9a-f]{16}$/);
      expect((await call('POST', '/mutes', { payload: { kind: 'author', value: 'NoisyAccount' } })).status).toBe(200);
      expect(await ids('/signals?pageSize=5')).not.toContain(id);
      expect(await ids('/signals?pageSize=5&muted=include')).toContain(id);
      expect(await ids('/signals?pageSize=100&muted=only')).toEqual([id]);
      expect((await call('GET', '/signals?muted=sometimes')).status).toBe(400);
      const listed = (await call('GET', '/mutes', { key: READ })).body.mutes as Array<{ id: number }>;
      expect(listed).toHaveLength(1);
      expect((await call('DELETE', `/mutes/${listed[0]!.id}`, { key: READ })).status).toBe(403);
      expect((await call('DELETE', `/mutes/${listed[0]!.id}`)).status).toBe(204);
      expect(await ids('/signals?pageSize=5')).toContain(id);
      const d = await call('POST', '/mutes', { payload: { kind: 'domain', value: 'Noisy.Example' } });
      expect(d.body).toMatchObject({ kind: 'domain', value: 'noisy.example' });
      expect(await ids('/signals?pageSize=5')).not.toContain(id);
      await call('DELETE', `/mutes/${Number(d.body.id)}`);
    });

    it('a muted story leaves /stories; labels a story with who and when, last one wins, 404 for unknown ids', async () => {
      const [loud] = await ids('/stories?pageSize=1&minSize=2');
      const m = await call('POST', '/mutes', { payload: { kind: 'story', value: String(loud) } });
      expect(m.status, m.raw).toBe(201);
      expect(await ids('/stories?pageSize=100&minSize=2')).not.toContain(loud);
      expect(await ids('/stories?pageSize=100&minSize=2&muted=only')).toEqual([loud]);
      await call('DELETE', `/mutes/${Number(m.body.id)}`);
      expect(await ids('/stories?pageSize=1&minSize=2')).toEqual([loud]);

      expect((await call('GET', `/stories/${loud}/label`, { key: READ })).body).toMatchObject({ storyId: loud, label: null, history: [] });
      const a = await call('PUT', `/stories/${loud}/label`, { payload: { label: 'relevant' } });
      expect(a.status, a.raw).toBe(200);
      expect(a.body).toMatchObject({ storyId: loud, label: 'relevant', at: DEMO_NOW.toISOString() });
      expect(String(a.body.actor)).toMatch(/^key:[0-9a-f]{16}$/);
      const b = await call('PUT', `/stories/${loud}/label`, { payload: { label: 'irrelevant' } });
      expect(b.body).toMatchObject({ label: 'irrelevant' });
      expect((b.body.history as unknown[]).length).toBe(2);
      expect((await call('GET', `/stories/${loud}/label`, { key: READ })).body).toEqual(b.body);
      expect((await call('PUT', '/stories/99999999/label', { payload: { label: 'relevant' } })).status).toBe(404);
      expect((await call('GET', '/stories/99999999/label')).status).toBe(404);
      expect((await call('PUT', `/stories/${loud}/label`, { payload: { label: 'meh' } })).status).toBe(400);
      expect((await call('PUT', `/stories/${loud}/label`, { key: READ, payload: { label: 'relevant' } })).status).toBe(403);
    });
  });
}
