/*
 * story_df is bounded (src/store/kysely/story-df.prune.ts): past the limit the rarest terms go,
 * in the batch's transaction — a batch that fails leaves the counts as they were. SQLite, and
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPersistentStoryState, type PersistentStoryState } from '../../src/stories/persistent.state.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const AT = '2026-11-20T12:00:00.000Z';
const EMPTY = { seq: 0, docs: 0, stories: [], aliases: [], postings: [], urls: [], signatures: [] };

/** The persistent state's df after counting `docs` (each a list of terms) as one batch. */
const batchOf = (persistent: PersistentStoryState, docs: readonly string[][], stored: ReadonlyMap<string, number>) => {
  persistent.df.load(stored);
  for (const d of docs) persistent.df.add(d);
  return persistent.takeChanges();
};

const TERMS = ['common', 'twice', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'v1', 'v2', 'v3', 'v4', 'v5'];

for (const target of storeTargets()) {
  describe(`story_df pruning [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
    });

    const stored = (): Promise<Map<string, number>> => store.stories.documentFrequencies(TERMS);

    it('keeps every term under the limit, then prunes the rarest past it', async () => {
      const persistent = createPersistentStoryState(EMPTY);
      const first = [['common', 'twice', 'u1'], ['common', 'twice', 'u2'], ['common', 'u3'], ['common', 'u4'], ['common', 'u5'], ['common', 'u6']];
      await store.stories.saveBatch({ members: [], changes: batchOf(persistent, first, new Map()), at: AT, maxDfTerms: 10 });
      expect(await stored()).toEqual(new Map([['common', 6], ['twice', 2], ['u1', 1], ['u2', 1], ['u3', 1], ['u4', 1], ['u5', 1], ['u6', 1]]));

      // Five new terms: 13 rows > 10, so df-1 terms go until at most 8 are left.
      const second = [['common', 'v1', 'v2', 'v3', 'v4', 'v5']];
      await store.stories.saveBatch({ members: [], changes: batchOf(persistent, second, await stored()), at: AT, maxDfTerms: 10 });
      expect(await stored()).toEqual(new Map([['common', 7], ['twice', 2]]));
    });

    it('prunes rarer and rarer terms until under the limit', async () => {
      const persistent = createPersistentStoryState(EMPTY);
      const docs = [['common', 'twice', 'u1', 'u2'], ['common', 'twice', 'u1', 'u2'], ['common', 'u3']];
      await store.stories.saveBatch({ members: [], changes: batchOf(persistent, docs, new Map()), at: AT, maxDfTerms: 2 });
      // 5 rows > 2: df 1 (u3) goes, then df ≤ 2 (twice, u1, u2): 1 row ≤ 1.6.
      expect(await stored()).toEqual(new Map([['common', 3]]));
    });

    it('leaves counts and rows as they were when the batch fails', async () => {
      await store.saveFetchBatch('demo', [newItem(1)]);
      const persistent = createPersistentStoryState(EMPTY);
      const first = [['common', 'u1'], ['common', 'u2'], ['common', 'u3']];
      await store.stories.saveBatch({ members: [], changes: batchOf(persistent, first, new Map()), at: AT, maxDfTerms: 5 });
      const before = await stored();
      const changes = batchOf(persistent, [['common', 'v1', 'v2', 'v3', 'v4']], before);
      // Item 1 twice: the memberships fail after the df rows were written and pruned.
      const twice = [{ itemId: 1, storyId: 1, via: 'new' as const }, { itemId: 1, storyId: 1, via: 'new' as const }];
      await expect(store.stories.saveBatch({ members: twice, changes, at: AT, maxDfTerms: 5 })).rejects.toThrow();
      expect(await stored()).toEqual(before);
      expect(await store.stories.storyOfItem(1)).toBeUndefined();
    });

    it('never prunes without a limit', async () => {
      const persistent = createPersistentStoryState(EMPTY);
      await store.stories.saveBatch({ members: [], changes: batchOf(persistent, [TERMS], new Map()), at: AT });
      expect((await stored()).size).toBe(TERMS.length);
    });
  });
}
