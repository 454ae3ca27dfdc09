import type { SparseVector } from '../text/tfidf.js';

/** What the assigner keeps of an open story: enough to compare a new item with it, bounded in size. */
export interface OpenStory {
  id: string;
  /** Epoch ms of its first and latest dated member (undefined when none was dated). */
  firstAt: number | undefined;
  lastAt: number | undefined;
  /** Members counted since the story was (re)opened in this state. */
  size: number;
  /** Sum of the members' unit tf-idf vectors, cut to the heaviest terms. */
  centroid: SparseVector;
  /** The centroid's length, kept with it. */
  centroidNorm: number;
  /** Sum of the members' unit dense vectors (the optional embedding provider); absent when no member had one. */
  dense?: Float32Array;
  /** Members arriving lately: a count decaying with `heatHalfLifeMs`, as of `heatAt` (epoch ms). */
  heat: number;
  heatAt: number | undefined;
}

/**
 * The assigner's memory, behind a port so a store-backed state can replace the in-memory one.
 * Every method is synchronous: a store-backed state keeps its working set (the open stories of the
 * time window) in memory and writes through.
 */
export interface StoryState {
  /** The story an item with this canonical URL joined, if any. */
  storyOfUrl(urlKey: string): string | undefined;
  rememberUrl(urlKey: string, storyId: string): void;
  /** The story of the nearest indexed signature with estimated Jaccard ≥ `min`, when `accept` takes it. */
  nearDuplicate(sig: Uint32Array, min: number, accept: (storyId: string, at: number | undefined) => boolean): string | undefined;
  rememberSignature(sig: Uint32Array, storyId: string, at: number | undefined): void;
  /** Open stories indexed under any of `terms`, most shared terms first, at most `limit`. */
  candidates(terms: readonly string[], limit: number): OpenStory[];
  /** An open story by id (undefined once evicted). */
  get(storyId: string): OpenStory | undefined;
  /**
   * Folds open story `from` into open story `into` (centroids, sizes and heat added: the caller brings both heats to the same time first) and makes `from` an
   * alias: URLs and signatures that named it now resolve to `into`.
   */
  merge(from: string, into: string): void;
  /** The story `id` now is (itself, or the story it was merged into). */
  resolve(id: string): string;
  /** Saves `story` as the latest updated and indexes it under `terms`; evicts what falls out of the window. */
  put(story: OpenStory, terms: readonly string[], now: number | undefined): void;
}
