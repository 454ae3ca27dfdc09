import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { countVolumes } from '../../src/spikes/spikes.service.js';
import { readSeries } from '../../src/spikes/spikes.query.js';
import { spikesConfigSchema } from '../../src/spikes/spikes.config.js';
import type { StoryStateChanges } from '../../src/stories/persistent.state.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

/*
 * Story series (issue 17: volumes "for each … story"): an item counts in `story:<id>` once the
 * stories stage has placed it, incrementally, once; after a merge the re-pointed members count in
 * the surviving story's series. On SQLite and PostgreSQL.
 */
const START = Date.UTC(2026, 10, 18, 0, 0);
const B = 300_000;
const config = spikesConfigSchema.parse({});
const clock: Clock = { now: () => new Date(START + 24 * B) };

const changes = (merges: Array<{ from: string; into: string }> = []): StoryStateChanges => ({
  seq: 0, docs: 0, stories: [], merges, postings: [], postingDeletes: [], urls: [], signatures: [], signaturesBefore: 0, df: new Map(), newTerms: 0,
});

/** Items 1..6, item n created in bucket n, all analysed. */
const seed = async (store: Store): Promise<void> => {
  await store.saveFetchBatch('demo', Array.from({ length: 6 }, (_, i) => newItem(i + 1, { createdAt: new Date(START + (i + 1) * B + 1000).toISOString() })));
  const pending = await store.pendingAnalysis(0, 100);
  await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: 'question', tags: [] }), provenance: heuristicProvenance, analyzedAt: new Date(START).toISOString() })));
};

const total = async (store: Store, key: string): Promise<number> =>
  (await store.volumes.series(key, '5m', new Date(START).toISOString(), new Date(START + 24 * B).toISOString())).reduce((a, p) => a + p.count, 0);

for (const target of storeTargets()) {
  describe(`story series [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    it('counts each story member once in its story, incrementally, and follows a merge', async () => {
      await seed(store);
      expect(await countVolumes(store, config)).toBe(6);
      expect((await store.volumes.seriesKeys()).map((k) => k.key)).toEqual(['category:question', 'source:demo']);

      // The stories stage places items 1–3 in story 10 and 4–5 in story 11 (item 6 not yet).
      const at = new Date(START).toISOString();
      await store.stories.saveBatch({ members: [1, 2, 3].map((itemId) => ({ itemId, storyId: 10, via: 'new' as const })), changes: changes(), at });
      await store.stories.saveBatch({ members: [4, 5].map((itemId) => ({ itemId, storyId: 11, via: 'new' as const })), changes: changes(), at });
      expect(await countVolumes(store, config)).toBe(5);
      expect(await countVolumes(store, config)).toBe(0);
      expect(await total(store, 'story:10')).toBe(3);
      expect(await total(store, 'story:11')).toBe(2);
      expect(await total(store, 'source:demo')).toBe(6);
      const view = await readSeries(store, clock.now(), 'story:10', '6h');
      expect(view.label).toBe('story 10');
      expect(view.points.filter((p) => p.count > 0).map((p) => p.bucket)).toEqual([1, 2, 3].map((n) => new Date(START + n * B).toISOString()));

      // Story 11 merges into 10; item 6 joins 10: both count in story 10, story 11 keeps what it had.
      await store.stories.saveBatch({ members: [{ itemId: 6, storyId: 10, via: 'similarity' }], changes: changes([{ from: '11', into: '10' }]), at });
      expect(await countVolumes(store, config)).toBe(3);
      expect(await total(store, 'story:10')).toBe(6);
      expect(await total(store, 'story:11')).toBe(2);
      expect(await total(store, 'source:demo')).toBe(6);
      const hours = await store.volumes.series('story:10', '1h', new Date(START).toISOString(), new Date(START).toISOString());
      expect(hours).toEqual([{ bucket: new Date(START).toISOString(), count: 6 }]);
      expect((await store.volumes.seriesKeys()).map((k) => k.key)).toEqual(['category:question', 'source:demo', 'story:10', 'story:11']);
    });
  });
}
