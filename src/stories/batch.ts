/*
 * Batch clustering (`harvest cluster`, benchmarks): every item's features first, the document
 * frequencies primed with all of them, then the items through the incremental assigner in time
 * order (undated items after the dated ones, in input order).
 */
import { createMemoryDocumentFrequencies } from '../text/tfidf.js';
import { createStoryAssigner, DEFAULT_PARAMS, type AssignerParams } from './assigner.js';
import { itemFeatures, type ItemFeatures, type StoryItem } from './features.js';
import { createMemoryStoryState } from './memory.state.js';

export type BatchItem = Omit<StoryItem, 'key'>;

/** The order items are assigned in: by `at` (stable), undated ones last in input order. */
export const processingOrder = (items: readonly BatchItem[]): number[] =>
  items
    .map((_, i) => i)
    .sort((a, b) => {
      const x = items[a]?.at;
      const y = items[b]?.at;
      if (x === undefined || y === undefined) return x === undefined && y === undefined ? a - b : x === undefined ? 1 : -1;
      return x - y || a - b;
    });

/** Each item's features; identical texts share one object (100,000 copies of a text cost one). */
const sharedFeatures = (items: readonly BatchItem[], params: AssignerParams): ItemFeatures[] => {
  const seen = new Map<string, ItemFeatures>();
  return items.map((it) => {
    const key = `${it.url ?? ''}\u0000${it.title ?? ''}\u0000${it.text}`;
    let f = seen.get(key);
    if (!f) seen.set(key, (f = itemFeatures({ key: '', ...it }, params.weights)));
    return f;
  });
};

/**
 * For each item, the input index of its story's first member. `features` may be passed in when the
 * same items are clustered under several settings with the same weights.
 */
export const clusterBatch = (items: readonly BatchItem[], params: AssignerParams = DEFAULT_PARAMS, features?: readonly ItemFeatures[]): number[] => {
  const feats = features ?? sharedFeatures(items, params);
  const df = createMemoryDocumentFrequencies();
  for (const f of feats) df.add(f.tf.keys(), true);
  const assigner = createStoryAssigner(createMemoryStoryState(), df, { ...params, updateFrequencies: false });
  const story = new Array<number>(items.length);
  const mergedInto = new Map<number, number>();
  const root = (s: number): number => {
    let r = s;
    for (let next = mergedInto.get(r); next !== undefined; next = mergedInto.get(r)) r = next;
    return r;
  };
  for (const i of processingOrder(items)) {
    const a = assigner.assignFeatures({ key: String(i), ...items[i] } as StoryItem, feats[i] as ItemFeatures);
    story[i] = Number(a.story);
    for (const m of a.merged) mergedInto.set(Number(m), Number(a.story));
  }
  return story.map(root);
};
