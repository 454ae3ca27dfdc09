/*
 * What both StoryState implementations (memory.state.ts, persistent.state.ts) do the same way: rank
 * the candidate stories their postings name, and fold one open story into another on a merge.
 */
import { addDense } from '../text/dense.js';
import type { OpenStory } from './story-state.port.js';

/**
 * The open stories named in `hits` (story id → shared terms), most shared terms first (ties in
 * `hits` order, as a stable sort would leave them), at most `limit`. Walks `hits` once per distinct
 * count instead of sorting a copy: the counts are few (at most the lookup terms) and nothing is allocated.
 */
export const rankCandidates = (hits: ReadonlyMap<string, number>, limit: number, lookup: (id: string) => OpenStory | undefined): OpenStory[] => {
  const out: OpenStory[] = [];
  const take = (id: string): boolean => {
    const s = lookup(id);
    if (s && !out.includes(s)) out.push(s);
    return out.length >= limit;
  };
  if (hits.size <= limit) {
    for (const id of hits.keys()) if (take(id)) break;
    return out;
  }
  let level = Infinity;
  for (;;) {
    let next = -Infinity;
    for (const c of hits.values()) if (c < level && c > next) next = c;
    if (next === -Infinity) return out;
    level = next;
    for (const [id, c] of hits) if (c === level && take(id)) return out;
  }
};

const earliest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const latest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** Adds open story `from` to `into`: centroids (sparse and dense), size, first/latest member and heat (both heats brought to the same time by the caller). */
export const foldStory = (from: OpenStory, into: OpenStory): void => {
  for (const [t, w] of from.centroid) into.centroid.set(t, (into.centroid.get(t) ?? 0) + w);
  if (from.dense) into.dense = addDense(into.dense, from.dense);
  into.size += from.size;
  into.firstAt = earliest(from.firstAt, into.firstAt);
  into.lastAt = latest(from.lastAt, into.lastAt);
  into.heat += from.heat;
  into.heatAt = latest(from.heatAt, into.heatAt);
};
