import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { SignalAdminRow } from '../../src/store/signals.port.js';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

const ADMIN = 'triage-admin-key-0123456789abcdef';
const READ = 'triage-read-key-0123456789abcdef';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const ALLOWED = 'new, acknowledged, resolved, ignored';

const build = (store: Store, keys: { keys: string[]; readKeys: string[] }): Promise<FastifyInstance> =>
  buildApp({ store, clock: fixedClock(NOW), log: silentLogger(), api: apiConfigSchema.parse({ ...keys, rateLimit: { anonymousPerMinute: 1_000_000, keyedPerMinute: 1_000_000 } }), version: 'test' });

for (const target of storeTargets()) {
  describe(`triage state and key roles through the API [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    let ids: number[];

    const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, opts: { key?: string | null; payload?: unknown } = {}) => {
      const key = opts.key === undefined ? ADMIN : opts.key;
      const r = await app.inject({ method, url, headers: key === null ? {} : { 'x-api-key': key }, ...(opts.payload === undefined ? {} : { payload: opts.payload as object }) });
      return { status: r.statusCode, body: r.json() as Record<string, unknown> };
    };
    const list = async (query: string): Promise<{ items: SignalAdminRow[]; total: number }> => {
      const r = await call('GET', `/signals?pageSize=100&sort=createdAt&order=asc${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as unknown as { items: SignalAdminRow[]; total: number };
    };

    beforeAll(async () => {
      store = await target.open(fixedClock(NOW));
      app = await build(store, { keys: [ADMIN], readKeys: [READ] });
      ids = [];
      for (const n of [1, 2, 3, 4, 5]) {
        const r = await call('POST', '/signals', { payload: { text: `triage probe ${n}` } });
        expect(r.status).toBe(201);
        ids.push(Number(r.body.id));
      }
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    it('GET /auth/whoami names the role of the key: write, read, or 401 without one; open when no keys are configured', async () => {
      expect(await call('GET', '/auth/whoami')).toEqual({ status: 200, body: { role: 'write' } });
      expect(await call('GET', '/auth/whoami', { key: READ })).toEqual({ status: 200, body: { role: 'read' } });
      expect((await call('GET', '/auth/whoami', { key: null })).status).toBe(401);
      expect((await call('GET', '/auth/whoami', { key: 'not-a-key-not-a-key' })).status).toBe(401);
      const open = await build(store, { keys: [], readKeys: [] });
      try {
        const r = await open.inject({ method: 'GET', url: '/auth/whoami' });
        expect(r.json()).toEqual({ role: 'open' });
      } finally {
        await open.close();
      }
    });

    it('every signal starts triage `new` with status `active`; PATCH moves it between any states and leaves status alone', async () => {
      const [a] = ids as [number];
      expect((await call('GET', `/signals/${a}`)).body).toMatchObject({ triage: 'new', status: 'active' });
      expect(await call('PATCH', `/signals/${a}`, { payload: { triage: 'acknowledged' } })).toMatchObject({ status: 200, body: { id: a, triage: 'acknowledged', status: 'active' } });
      expect(await call('PATCH', `/signals/${a}`, { payload: { triage: 'resolved' } })).toMatchObject({ status: 200, body: { triage: 'resolved' } });
      // Reopen: any state may follow any other.
      expect(await call('PATCH', `/signals/${a}`, { payload: { triage: 'new' } })).toMatchObject({ status: 200, body: { triage: 'new', status: 'active' } });
      expect((await call('PATCH', '/signals/999999999', { payload: { triage: 'ignored' } })).status).toBe(404);
      const created = await call('POST', '/signals', { payload: { text: 'entered acknowledged', triage: 'acknowledged' } });
      expect(created).toMatchObject({ status: 201, body: { triage: 'acknowledged', status: 'active' } });
      expect((await call('GET', `/signals/${String(created.body.id)}`)).status).toBe(200);
      ids.push(Number(created.body.id));
    });

    it('GET /signals?triage= filters by one or several states (comma-separated or repeated); stats count them', async () => {
      const [a, b, c] = ids as [number, number, number];
      await call('PATCH', `/signals/${a}`, { payload: { triage: 'acknowledged' } });
      await call('PATCH', `/signals/${b}`, { payload: { triage: 'resolved' } });
      await call('PATCH', `/signals/${c}`, { payload: { triage: 'ignored' } });
      const acked = await list('&triage=acknowledged');
      expect(acked.items.map((s) => s.id)).toEqual([a, ids[5]]);
      expect(acked.items.every((s) => s.triage === 'acknowledged')).toBe(true);
      const closed = await list('&triage=resolved,ignored');
      expect(closed.items.map((s) => s.id)).toEqual([b, c]);
      expect((await list('&triage=resolved&triage=ignored')).items.map((s) => s.id)).toEqual([b, c]);
      expect((await list('&triage=new,acknowledged')).total).toBe(4);
      const stats = (await call('GET', '/signals/stats')).body;
      expect(stats).toMatchObject({ total: 6, active: 6, triage: { new: 2, acknowledged: 2, resolved: 1, ignored: 1 } });
      const matching = await call('GET', '/dashboard/signal-ids?triage=resolved,ignored');
      expect(matching.body).toMatchObject({ total: 2 });
    });

    it.each([
      ['GET', '/signals?triage=closed', undefined, 'querystring.triage.0'],
      ['GET', '/signals?triage=new,done', undefined, 'querystring.triage.1'],
      ['GET', '/signals?triage=', undefined, 'querystring.triage'],
      ['GET', '/dashboard/signal-ids?triage=open', undefined, 'querystring.triage.0'],
      ['PATCH', '/signals/1', { triage: 'closed' }, 'body.triage'],
      ['POST', '/signals', { text: 'x', triage: 'closed' }, 'body.triage'],
      ['POST', '/signals/bulk/triage', { ids: [1], triage: 'closed' }, 'body.triage'],
    ] as const)('%s %s %j → 400 naming %s and the allowed states', async (method, url, payload, field) => {
      const before = await list('');
      const r = await call(method, url, { payload });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'INPUT_INVALID' } });
      const message = String((r.body.error as { message: string }).message);
      expect(message).toContain(field);
      if (url !== '/signals?triage=') expect(message).toContain(ALLOWED);
      expect(await list('')).toEqual(before);
    });

    it('POST /signals/bulk/triage sets the state of many signals as a job', async () => {
      const [, , , d, e] = ids as [number, number, number, number, number];
      const r = await call('POST', '/signals/bulk/triage', { payload: { ids: [d, e, 999_999], triage: 'resolved' } });
      expect(r.status).toBe(202);
      let job: Record<string, unknown> = {};
      for (let i = 0; i < 200 && !['succeeded', 'failed', 'cancelled'].includes(String(job.status)); i++) {
        job = (await call('GET', `/bulk-jobs/${String(r.body.jobId)}`)).body;
        if (job.status === 'succeeded') break;
        await new Promise((res) => setTimeout(res, 25));
      }
      expect(job).toMatchObject({ kind: 'bulk-triage', status: 'succeeded', total: 3, done: 2, failed: 1, result: { triage: 'resolved', updated: 2, missing: 1 } });
      expect((await list('&triage=resolved')).items.map((s) => s.id)).toEqual(expect.arrayContaining([d, e]));
      expect((await call('GET', `/signals/${d}`)).body).toMatchObject({ triage: 'resolved', status: 'active' });
    });

    it('a read-only key reads triage but every triage write answers 403 and changes nothing', async () => {
      const [a] = ids as [number];
      const before = (await call('GET', `/signals/${a}`, { key: READ })).body;
      expect(before).toHaveProperty('triage');
      for (const [method, url, payload] of [
        ['PATCH', `/signals/${a}`, { triage: 'ignored' }],
        ['POST', '/signals/bulk/triage', { ids: [a], triage: 'ignored' }],
        ['POST', '/signals/bulk/status', { ids: [a], status: 'paused' }],
      ] as const) {
        const r = await call(method, url, { key: READ, payload });
        expect(r, url).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'this API key is read-only' } } });
      }
      expect((await call('GET', `/signals/${a}`)).body).toEqual(before);
    });

    it('documents the new routes and the triage field in the OpenAPI document', async () => {
      const doc = (await call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>> };
      expect(Object.keys(doc.paths['/auth/whoami'] ?? {})).toEqual(['get']);
      expect(Object.keys(doc.paths['/signals/bulk/triage'] ?? {})).toEqual(['post']);
      expect(doc.paths['/signals']?.get?.parameters?.map((p) => p.name)).toContain('triage');
    });
  });
}
