/*
 * What both StoryState implementations (memory.state.ts, persistent.state.ts) do the same way: rank
 * the candidate stories their postings name, and fold one open story into another on a merge.
 */
import type { OpenStory } from './story-state.port.js';

/** The open stories named in `hits` (story id → shared terms), most shared terms first, at most `limit`. */
export const rankCandidates = (hits: ReadonlyMap<string, number>, limit: number, lookup: (id: string) => OpenStory | undefined): OpenStory[] => {
  const ranked = hits.size <= limit ? [...hits] : [...hits].sort((a, b) => b[1] - a[1]);
  const out: OpenStory[] = [];
  for (const [id] of ranked) {
    const s = lookup(id);
    if (s && !out.includes(s)) out.push(s);
    if (out.length >= limit) break;
  }
  return out;
};

const earliest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const latest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** Adds open story `from` to `into`: centroid, size, first/latest member and heat (both heats brought to the same time by the caller). */
export const foldStory = (from: OpenStory, into: OpenStory): void => {
  for (const [t, w] of from.centroid) into.centroid.set(t, (into.centroid.get(t) ?? 0) + w);
  into.size += from.size;
  into.firstAt = earliest(from.firstAt, into.firstAt);
  into.lastAt = latest(from.lastAt, into.lastAt);
  into.heat += from.heat;
  into.heatAt = latest(from.heatAt, into.heatAt);
};
