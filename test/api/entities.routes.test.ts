import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { entitiesConfigSchema } from '../../src/entities/entities.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runEntities } from '../../src/pipeline/entities.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const READ = 'read-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';
const topic = (itemId: number, top: string) => ({ itemId, topics: [{ name: top, score: 0.9 }], top, topScore: 0.9, origin: 'model' as const, createdAt: NOW.toISOString() });

describe.each(storeTargets())('entities API on $name', (target) => {
  let store: Store;
  let app: FastifyInstance;
  const get = (url: string, key = READ) => app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
  beforeEach(async () => {
    const clock = fixedClock(NOW);
    store = await target.open(clock);
    // The same person on X and reddit, both posting about the same topic: merged on name + topic.
    await store.saveFetchBatch('x', [newItem(1, { source: 'x', author: { id: '1', handle: 'ada_l', name: 'Ada Lovelace', followers: 10 }, text: 'Brindlepost ships a new board view' })]);
    await store.saveFetchBatch('reddit', [newItem(2, { source: 'reddit', author: { id: '2', handle: 'adalovelace', name: 'Ada Lovelace', followers: null }, text: 'Brindlepost boards are great' })]);
    await store.topics.saveItemTopics([topic(1, 'systems'), topic(2, 'systems')], NOW.toISOString());
    await runEntities({ store, clock, log: silentLogger(), entities: entitiesConfigSchema.parse({}) });
    app = await buildApp({ store, clock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ] }), version: 'test' });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('GET /entities pages and filters; GET /entities/{id} shows items, topics, sources and the merge', async () => {
    const all = await get('/entities');
    expect(all.statusCode).toBe(200);
    expect(all.json().entities.map((e: { name: string; items: number }) => [e.name, e.items])).toEqual([
      ['Ada Lovelace', 2],
      ['Brindlepost', 2],
    ]);
    expect((await get('/entities?kind=product')).json().entities.map((e: { name: string }) => e.name)).toEqual(['Brindlepost']);
    expect((await get('/entities?name=LOVE&limit=1')).json()).toMatchObject({ total: 1 });
    expect((await get('/entities?limit=1&offset=1')).json().entities).toHaveLength(1);

    const ada = all.json().entities[0] as { id: number };
    const page = await get(`/entities/${ada.id}`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.recent.map((i: { id: number }) => i.id).sort()).toEqual([1, 2]);
    expect(body.sources.map((s: { source: string }) => s.source).sort()).toEqual(['reddit', 'x']);
    expect(body.topics).toEqual([{ topic: 'systems', count: 2 }]);
    expect(body.merged).toHaveLength(1);
    expect(body.merged[0]).toMatchObject({ reason: 'same name and a shared topic', undoneAt: null });

    // The merged entity's own id answers with the entity it was merged into.
    expect((await get(`/entities/${body.merged[0].fromId}`)).json().id).toBe(ada.id);
    const signal = await get('/signals/2/entities');
    expect(signal.json().entities.map((e: { id: number; role: string }) => [e.id, e.role])).toContainEqual([ada.id, 'author']);
  });

  it('POST /entities/{id}/unmerge needs the admin key, undoes the merge once, and names bad ids', async () => {
    const ada = (await get('/entities?kind=person')).json().entities[0] as { id: number };
    const fromId = (await get(`/entities/${ada.id}`)).json().merged[0].fromId as number;
    expect((await app.inject({ method: 'POST', url: `/entities/${fromId}/unmerge`, headers: { 'x-api-key': READ } })).statusCode).toBe(403);
    const undo = await app.inject({ method: 'POST', url: `/entities/${fromId}/unmerge`, headers: { 'x-api-key': ADMIN } });
    expect(undo.statusCode).toBe(200);
    expect(undo.json()).toMatchObject({ fromId, intoId: ada.id, undoneAt: NOW.toISOString() });
    expect((await get('/entities?kind=person')).json().total).toBe(2);
    const again = await app.inject({ method: 'POST', url: `/entities/${fromId}/unmerge`, headers: { 'x-api-key': ADMIN } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('not merged');
    expect((await get('/entities/999999')).statusCode).toBe(404);
    expect((await get('/entities/abc')).statusCode).toBe(400);
    expect((await get('/entities?kind=planet')).statusCode).toBe(400);
    expect((await get('/signals/999/entities')).statusCode).toBe(404);
  });
});
