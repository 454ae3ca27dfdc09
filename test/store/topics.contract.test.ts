import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = '2026-11-20T12:00:00.000Z';
const at = (daysAgo: number): string => new Date(Date.parse(NOW) - daysAgo * 86_400_000).toISOString();

for (const target of storeTargets()) {
  describe(`topics repository [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one active model, replaced whole', async () => {
      expect(await store.topics.activeModel()).toBeUndefined();
      await store.topics.saveModel('{"v":1}', 10, '2026-11-20T10:00:00.000Z');
      await store.topics.saveModel('{"v":2}', 12, '2026-11-20T11:00:00.000Z');
      expect(await store.topics.activeModel()).toEqual({ model: '{"v":2}', trainedAt: '2026-11-20T11:00:00.000Z' });
    });

    it('a correction is one example per item and the item\'s topic, which the model never overwrites', async () => {
      await store.saveFetchBatch('demo', [newItem(1, { title: 'Qubits', text: 'a new quantum chip' }), newItem(2)]);
      expect(await store.topics.examplesVersion()).toEqual({ count: 0, latest: null });
      expect(await store.topics.correct(1, 'robotics', '2026-11-20T10:00:00.000Z')).toBe(true);
      expect(await store.topics.correct(1, 'quantum', '2026-11-20T11:00:00.000Z')).toBe(true);
      expect(await store.topics.correct(999, 'quantum', NOW)).toBe(false);
      expect(await store.topics.examples(10)).toEqual([{ text: 'Qubits. a new quantum chip', label: 'quantum' }]);
      expect(await store.topics.examplesVersion()).toEqual({ count: 1, latest: '2026-11-20T11:00:00.000Z' });

      const model = (itemId: number, name: string) => ({ itemId, topics: [{ name, score: 0.9 }], top: name, topScore: 0.9, origin: 'model' as const, createdAt: NOW });
      await store.topics.saveItemTopics([model(1, 'energy'), model(2, 'energy')], NOW);
      const topics = await store.topics.itemTopics([1, 2, 3]);
      expect(topics.get(1)).toEqual([{ name: 'quantum', score: 1 }]);
      expect(topics.get(2)).toEqual([{ name: 'energy', score: 0.9 }]);
      expect(topics.has(3)).toBe(false);
    });

    it('lists unassigned items by id, counts trending per window and baseline, lists a topic\'s items and daily volume', async () => {
      const items = [0.5, 1, 2, 10, 20, 40].map((d, i) => newItem(i + 1, { createdAt: at(d), text: `item ${i + 1}` }));
      await store.saveFetchBatch('demo', items);
      expect((await store.topics.unassigned(0, 100)).map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
      const row = (id: number, top: string | null) => ({ itemId: id, topics: top ? [{ name: top, score: 0.8 }] : [], top, topScore: top ? 0.8 : 0.1, origin: 'model' as const, createdAt: items[id - 1]?.createdAt ?? NOW });
      await store.topics.saveItemTopics([row(1, 'quantum'), row(2, 'quantum'), row(3, 'energy'), row(4, 'quantum'), row(5, 'energy'), row(6, null)], NOW);
      expect(await store.topics.unassigned(0, 100)).toEqual([]);
      const trend = await store.topics.trending(at(35), at(7), NOW);
      expect(trend.sort((a, b) => (a.topic < b.topic ? -1 : 1))).toEqual([
        { topic: 'energy', count: 1, baseline: 1 },
        { topic: 'quantum', count: 2, baseline: 1 },
      ]);
      const q = await store.topics.topicItems('quantum', at(7), 10);
      expect(q.map((i) => i.id)).toEqual([1, 2]);
      expect(q[0]).toMatchObject({ source: 'demo', text: 'item 1', score: 0.8, salience: null });
      const daily = await store.topics.daily(at(35));
      expect(daily.filter((d) => d.topic === 'quantum').map((d) => d.count)).toEqual([1, 1, 1]);
    });
  });
}
