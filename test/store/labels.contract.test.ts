import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const T = (m: number): string => new Date(Date.UTC(2026, 10, 20, 12, m)).toISOString();

for (const target of storeTargets()) {
  describe(`labels repository: history kept, last label wins [${target.name}]`, () => {
    let store: Store;
    let ids: number[];
    beforeEach(async () => {
      store = await target.open();
      await store.saveFetchBatch('demo', [newItem(1), newItem(2), newItem(3)]);
      ids = [];
      for (const n of [1, 2, 3]) ids.push((await store.findItem('demo', newItem(n).externalId))!.id);
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps who and when; a contradictory label wins and both stay in the history; clear takes the label away', async () => {
      const a = ids[0]!;
      const first = await store.labels.set({ itemId: a, label: 'relevant', actor: 'alice', at: T(1) });
      expect(first).toMatchObject({ itemId: a, label: 'relevant', actor: 'alice', at: T(1) });
      const second = await store.labels.set({ itemId: a, label: 'irrelevant', actor: 'bob', at: T(2) });
      expect(second).toMatchObject({ label: 'irrelevant', actor: 'bob', at: T(2) });
      expect(second!.history.map((h) => [h.label, h.actor])).toEqual([['irrelevant', 'bob'], ['relevant', 'alice']]);
      const cleared = await store.labels.set({ itemId: a, label: 'clear', actor: 'cli', at: T(3) });
      expect(cleared).toMatchObject({ label: null, actor: null, at: null });
      expect(cleared!.history).toHaveLength(3);
      expect(await store.labels.get(ids[1]!)).toEqual({ itemId: ids[1], label: null, actor: null, at: null, history: [] });
    });

    it('unknown items: nothing written, undefined', async () => {
      expect(await store.labels.set({ itemId: 999_999, label: 'relevant', actor: 'x', at: T(1) })).toBeUndefined();
      expect(await store.labels.get(999_999)).toBeUndefined();
      expect(await store.labels.current()).toEqual([]);
    });

    it('current(): each item\'s newest label, cleared ones left out; labels survive a re-fetch of the item', async () => {
      await store.labels.set({ itemId: ids[0]!, label: 'irrelevant', actor: 'a', at: T(1) });
      await store.labels.set({ itemId: ids[0]!, label: 'relevant', actor: 'a', at: T(2) });
      await store.labels.set({ itemId: ids[1]!, label: 'irrelevant', actor: 'a', at: T(3) });
      await store.labels.set({ itemId: ids[2]!, label: 'relevant', actor: 'a', at: T(4) });
      await store.labels.set({ itemId: ids[2]!, label: 'clear', actor: 'a', at: T(5) });
      await store.saveFetchBatch('demo', [newItem(1, { text: 'edited upstream' }), newItem(2)]);
      expect(await store.labels.current()).toEqual([
        { itemId: ids[0], label: 'relevant', at: T(2) },
        { itemId: ids[1], label: 'irrelevant', at: T(3) },
      ]);
    });
  });
}
