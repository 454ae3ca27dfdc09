import { createStoryAssigner, DEFAULT_PARAMS } from '../stories/assigner.js';
import { attachVectors, storyParams } from '../embeddings/build-embeddings.js';
import { itemFeatures, type StoryItem } from '../stories/features.js';
import { incidentsOf } from '../stories/incidents.js';
import { createPersistentStoryState, PERSISTENT_LIMITS } from '../stories/persistent.state.js';
import type { StoryBatchWrite } from '../store/stories.port.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';

/**
 * Counts of the stories stage: `ok` items assigned, of which `joined` joined an existing story;
 * `merged` stories folded into another; with the embedding provider on, `embedded` texts it was asked
 * for (the rest came from the cache).
 */
export type StoriesResult = StageResult & { joined: number; merged: number; embedded?: number };

/**
 * Puts every item with no story into one (ADR 0023), oldest first, a batch per transaction: the
 * assigner's state is loaded from the store once and each batch's memberships are written with the
 * state's changes, so a killed run, re-run, leaves the stories an uninterrupted run leaves. With the
 * embedding provider on, each batch's vectors are fetched (cache first) before any of it is
 * assigned: a provider error fails the stage with that batch unwritten, and a re-run resumes there.
 */
export const runStories = async (deps: PipelineDeps): Promise<StoriesResult> => {
  const t0 = performance.now();
  const result: StoriesResult = { ok: 0, skipped: 0, failed: 0, joined: 0, merged: 0, durationMs: 0, ...(deps.embeddings && { embedded: 0 }) };
  const persistent = createPersistentStoryState(await deps.store.stories.loadState(PERSISTENT_LIMITS));
  const assigner = createStoryAssigner(persistent.state, persistent.df, storyParams(deps.embeddings));
  deps.progress?.start('stories', null);
  try {
    for (;;) {
      deps.signal?.throwIfAborted();
      const items = await deps.store.stories.pendingItems(deps.batchSize);
      if (items.length === 0) break;
      const batch = items.map((it) => {
        const parsed = Date.parse(it.createdAt);
        const item: StoryItem = { key: String(it.id), text: it.text, title: it.title, url: it.url, at: Number.isNaN(parsed) ? undefined : parsed, ...incidentsOf(it) };
        return { item, features: itemFeatures(item, DEFAULT_PARAMS.weights) };
      });
      if (deps.embeddings) result.embedded = (result.embedded ?? 0) + (await attachVectors(batch.map((b) => b.item), deps.embeddings, deps.signal));
      persistent.df.load(await deps.store.stories.documentFrequencies(batch.flatMap((b) => [...b.features.tf.keys()])));
      const members: Array<StoryBatchWrite['members'][number]> = [];
      for (const { item, features } of batch) {
        const a = assigner.assignFeatures(item, features);
        members.push({ itemId: Number(item.key), storyId: Number(a.story), via: a.via });
        if (a.via !== 'new') result.joined += 1;
        result.merged += a.merged.length;
      }
      await deps.store.stories.saveBatch({ members, changes: persistent.takeChanges(), at: deps.clock.now().toISOString(), maxDfTerms: PERSISTENT_LIMITS.dfTerms });
      result.ok += items.length;
      deps.progress?.advance(items.length);
    }
  } finally {
    deps.progress?.stop();
  }
  result.durationMs = elapsed(t0);
  return result;
};
