import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:02:00.000Z');
const READ = 'read-key-0123456789abcdef';

describe.each(storeTargets())('GET /spikes and GET /series on $name', (target) => {
  let store: Store;
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { 'x-api-key': READ } });
  beforeEach(async () => {
    store = await target.open(fixedClock(NOW));
    app = await buildApp({ store, clock: fixedClock(NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: ['admin-key-0123456789abcdef'], readKeys: [READ] }), version: 'test' });
    const key = 'term:login outage';
    await store.volumes.saveScored(
      {
        state: { key, kind: 'term', state: null, scoredThrough: '2026-11-20T11:55:00.000Z', lastScore: 0.9, openSpikeId: null },
        spikes: [{ key, kind: 'term', startedAt: '2026-11-20T11:30:00.000Z', score: 0.8, peakScore: 0.9, count: 30, expected: 0.25, spread: 1, p: 1e-9, hourCount: 42, endedAt: null }],
      },
      NOW.toISOString(),
    );
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('lists spikes with their explanation (read key), filtered by hours and series', async () => {
    expect((await app.inject({ method: 'GET', url: '/spikes' })).statusCode).toBe(401);
    const res = await get('/spikes?hours=6');
    expect(res.statusCode, res.body).toBe(200);
    const { spikes } = res.json<{ spikes: Array<Record<string, unknown>> }>();
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({ key: 'term:login outage', label: 'term "login outage"', startedAt: '2026-11-20T11:30:00.000Z', endedAt: null, hourCount: 42 });
    expect(spikes[0]!.explanation).toBe('term "login outage": 42 mentions in the last hour, usually 3 ± 3.5 at this hour (p < 0.001)');
    expect((await get('/spikes?hours=0.25')).json<{ spikes: unknown[] }>().spikes).toHaveLength(0);
    expect((await get('/spikes?series=category%3Abug')).json<{ spikes: unknown[] }>().spikes).toHaveLength(0);
  });

  it('answers a series window with every bucket (zeros included) and its spikes; refuses a bad window or key', async () => {
    const res = await get('/series?key=term%3Alogin%20outage&window=6h');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ points: Array<{ bucket: string; count: number }>; spikes: unknown[]; resolution: string }>();
    expect(body.resolution).toBe('5m');
    expect(body.points).toHaveLength(72);
    expect(body.points.at(-1)!.bucket).toBe('2026-11-20T12:00:00.000Z');
    expect(body.points.every((p) => p.count === 0)).toBe(true);
    expect(body.spikes).toHaveLength(1);
    const bad = await get('/series?key=term%3Alogin&window=2h');
    expect(bad.statusCode).toBe(400);
    const badKey = await get('/series?key=login');
    expect(badKey.statusCode).toBe(400);
    expect(badKey.body).toMatch(/key must look like/);
  });

  it('takes entity series: GET /spikes?series=entity:<id> and GET /series?key=entity:<id>, labelled by the entity', async () => {
    await store.saveFetchBatch('demo', [{ source: 'demo', externalId: 'e1', url: null, author: { id: 'u', handle: 'u', name: 'U', followers: 1 }, title: null, text: 'Brindlepost is down', lang: 'en', createdAt: '2026-11-20T11:00:00.000Z', fetchedAt: NOW.toISOString(), metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0 }, queries: [], contentHash: 'h1', raw: {} }]);
    await store.entities.saveBatch([{ itemId: 1, contentHash: 'h1', createdAt: '2026-11-20T11:00:00.000Z', authorFollowers: null, mentions: [{ namespace: 'name', key: 'brindlepost', kind: 'product', name: 'Brindlepost', profileUrl: null, role: 'mention' }] }], NOW.toISOString(), { mergeEvidence: () => undefined });
    const id = (await store.entities.list({ limit: 1, offset: 0 })).entities[0]!.id;
    const key = `entity:${id}`;
    await store.volumes.saveScored(
      {
        state: { key, kind: 'entity', state: null, scoredThrough: '2026-11-20T11:55:00.000Z', lastScore: 0.9, openSpikeId: null },
        spikes: [{ key, kind: 'entity', startedAt: '2026-11-20T11:35:00.000Z', score: 0.8, peakScore: 0.9, count: 20, expected: 0.25, spread: 1, p: 1e-9, hourCount: 24, endedAt: null }],
      },
      NOW.toISOString(),
    );
    const listed = (await get(`/spikes?series=${encodeURIComponent(key)}`)).json<{ spikes: Array<Record<string, unknown>> }>().spikes;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ key, kind: 'entity', label: 'entity "Brindlepost"' });
    expect(listed[0]!.explanation).toMatch(/^entity "Brindlepost": 24 mentions in the last hour/);
    const series = await get(`/series?key=${encodeURIComponent(key)}&window=6h`);
    expect(series.statusCode, series.body).toBe(200);
    expect(series.json<{ label: string; spikes: unknown[] }>()).toMatchObject({ label: 'entity "Brindlepost"', spikes: [expect.objectContaining({ key })] });
  });
});
