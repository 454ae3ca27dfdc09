import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runTopics } from '../../src/pipeline/topics.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const READ = 'read-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';
const ago = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe.each(storeTargets())('topics API on $name', (target) => {
  let store: Store;
  let app: FastifyInstance;
  const topics = topicsConfigSchema.parse({});
  beforeEach(async () => {
    store = await target.open(fixedClock(NOW));
    await store.saveFetchBatch('demo', [
      newItem(1, { title: 'Logical qubits on a trapped-ion quantum computer', createdAt: ago(1) }),
      newItem(2, { title: 'Quantum error correction below threshold', createdAt: ago(2) }),
      newItem(3, { title: 'Quantum key distribution network', createdAt: ago(40) }),
      newItem(4, { title: 'Perovskite solar cells efficiency record', createdAt: ago(3) }),
    ]);
    await store.saveFetchBatch('arxiv', [
      newItem(5, { source: 'arxiv', title: 'Trapped-ion quantum computer with logical qubits', text: 'qubits', createdAt: ago(0.5) }),
      newItem(6, { source: 'arxiv', title: 'Perovskite tandem solar cells', text: 'solar', createdAt: ago(6) }),
    ]);
    await runTopics({ store, clock: fixedClock(NOW), log: silentLogger(), topics });
    app = await buildApp({
      store,
      clock: fixedClock(NOW),
      log: silentLogger(),
      api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ] }),
      version: 'test',
      pipelineDeps: () => ({ topics }) as unknown as PipelineDeps,
    });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('GET /topics ranks every taxonomy topic by growth with its top items; GET /topics/{name} gives one topic', async () => {
    expect((await app.inject({ method: 'GET', url: '/topics' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/topics?window=14d', headers: { 'x-api-key': READ } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ window: string; topics: Array<{ name: string; count: number; baseline: number; growth: number; topItems: Array<{ id: number }>; daily: Array<{ day: string; count: number }> }> }>();
    expect(body.window).toBe('14d');
    expect(body.topics).toHaveLength(12);
    expect(body.topics[0]).toMatchObject({ name: 'quantum', count: 3, baseline: 1, growth: 3.2 });
    expect(body.topics[0]?.topItems.map((i) => i.id).sort()).toEqual([1, 2, 5]);
    expect(body.topics.find((t) => t.name === 'energy')).toMatchObject({ count: 2, baseline: 0, growth: 3 });
    // Volume over time: items per UTC day over the baseline and the window, adding up to both.
    for (const t of body.topics) expect(t.daily.reduce((s, d) => s + d.count, 0)).toBe(t.count + t.baseline);
    expect(body.topics.find((t) => t.name === 'robotics')?.daily).toEqual([]);

    const one = await app.inject({ method: 'GET', url: '/topics/quantum?window=7d', headers: { 'x-api-key': READ } });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ window: '7d', name: 'quantum', count: 3 });
    expect((await app.inject({ method: 'GET', url: '/topics/nonsense', headers: { 'x-api-key': READ } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/topics?window=forever', headers: { 'x-api-key': READ } })).statusCode).toBe(400);
  });

  it('GET /discoveries lists research items by score with the breakdown; filters by topic, hours and minimum score', async () => {
    const get = (q: string) => app.inject({ method: 'GET', url: `/discoveries${q}`, headers: { 'x-api-key': READ } });
    const res = await get('');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: Array<{ id: number; topic: string; score: number; breakdown: Record<string, number> }> }>().items;
    expect(items.map((i) => i.id).sort()).toEqual([5, 6]);
    expect(items[0]?.score).toBeGreaterThanOrEqual(items[1]?.score ?? 0);
    for (const i of items) expect(Object.keys(i.breakdown).sort()).toEqual(['echo', 'emergence', 'novelty', 'obscurity', 'recency']);
    expect((await get('?topic=quantum')).json<{ items: Array<{ id: number }> }>().items.map((i) => i.id)).toEqual([5]);
    expect((await get('?hours=24')).json<{ items: Array<{ id: number }> }>().items.map((i) => i.id)).toEqual([5]);
    expect((await get('?minScore=100')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await get('?minScore=101')).statusCode).toBe(400);
  });

  it('the discovery weights of the config are read: changing one changes the listed and the stored score', async () => {
    type Listed = { id: number; score: number; breakdown: Record<string, number> };
    const listWith = async (weights: Record<string, number>): Promise<Listed[]> => {
      const cfg = topicsConfigSchema.parse({ discovery: { weights } });
      const other = await buildApp({ store, clock: fixedClock(NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ] }), version: 'test', pipelineDeps: () => ({ topics: cfg }) as unknown as PipelineDeps });
      try {
        const res = await other.inject({ method: 'GET', url: '/discoveries', headers: { 'x-api-key': READ } });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ items: Listed[] }>().items;
      } finally {
        await other.close();
      }
    };
    const zero = { novelty: 0, emergence: 0, echo: 0, obscurity: 0, recency: 0 };
    const defaults = await listWith({});
    expect(defaults).toHaveLength(2);
    for (const part of ['novelty', 'emergence', 'obscurity', 'recency'] as const) {
      const only = await listWith({ ...zero, [part]: 1 });
      for (const d of only) expect(d.score, `${part} alone`).toBeCloseTo(d.breakdown[part] ?? NaN, 1);
    }
    // Doubling one weight moves every score toward that part (unless it already equals it).
    const heavy = new Map((await listWith({ novelty: 3 })).map((d) => [d.id, d.score]));
    for (const d of defaults) {
      const novelty = d.breakdown.novelty ?? NaN;
      if (Math.abs(novelty - d.score) > 0.5) expect(Math.abs((heavy.get(d.id) ?? NaN) - novelty)).toBeLessThan(Math.abs(d.score - novelty));
    }
    // The pipeline stores the score with the weights it was given (a fresh item scored with recency only).
    await store.saveFetchBatch('arxiv', [newItem(7, { source: 'arxiv', title: 'Trapped-ion qubits with a quantum error correction code', text: 'qubits', createdAt: ago(0.2) })]);
    await runTopics({ store, clock: fixedClock(NOW), log: silentLogger(), topics: topicsConfigSchema.parse({ discovery: { weights: { ...zero, recency: 1 } } }) });
    const stored = (await store.topics.discoveries({ since: ago(1), limit: 10 })).find((d) => d.itemId === 7);
    if (!stored) throw new Error('item 7 was not scored as a discovery');
    expect(stored.score).toBeCloseTo((stored.breakdown as Record<string, number>).recency ?? NaN, 1);
    expect(stored.score).not.toBeCloseTo(((stored.breakdown as Record<string, number>).novelty ?? NaN), 0);
  });

  it('PATCH /signals/{id} with topics, then the next pipeline run retrains with that example', async () => {
    const before = await store.topics.activeModel();
    const res = await app.inject({ method: 'PATCH', url: '/signals/4', headers: { 'x-api-key': ADMIN }, payload: { topics: ['photonics'] } });
    expect(res.statusCode, res.body).toBe(200);
    const run = await runTopics({ store, clock: fixedClock(NOW), log: silentLogger(), topics });
    expect(run.trained).toBe(true);
    const after = await store.topics.activeModel();
    expect(after?.model).not.toBe(before?.model);
    const examples = (m: string | undefined): number => (JSON.parse(m ?? '{}') as { examples: number }).examples;
    expect(examples(after?.model)).toBe(examples(before?.model) + 1);
    // The correction stays the item's topic: the retrained model never overwrites it.
    expect((await store.topics.itemTopics([4])).get(4)).toEqual([{ name: 'photonics', score: 1 }]);
  });

  it('PATCH /signals/{id} with topics corrects the item\'s topic and adds an example (admin key)', async () => {
    const patch = (id: number, body: unknown, key = ADMIN) => app.inject({ method: 'PATCH', url: `/signals/${id}`, headers: { 'x-api-key': key }, payload: body as object });
    expect((await patch(4, { topics: ['photonics'] }, READ)).statusCode).toBe(403);
    const res = await patch(4, { topics: ['photonics'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ id: number }>().id).toBe(4);
    expect((await store.topics.itemTopics([4])).get(4)).toEqual([{ name: 'photonics', score: 1 }]);
    expect((await store.topics.examplesVersion()).count).toBe(1);
    expect((await patch(4, { topics: [] })).statusCode).toBe(400);
    expect((await patch(4, { topics: ['  '] })).statusCode).toBe(400);
    expect((await patch(99, { topics: ['energy'] })).statusCode).toBe(404);
  });
});
