/*
 * Incremental story assignment (ADR 0022). Items arrive in time order; each joins the first story
 * that matches, tried in this order, or starts a story of its own:
 *   1. the same canonical URL (strong key);
 *   1b. the same incident key (pipeline only: category outage/security and product), the story's
 *       latest member within `incidentWindowMs` (no story-age limit while the wave goes on); a
 *       join-only key (`incidentJoins`: a failure report in another category) may join such a
 *       story the same way but never opens or moves one;
 *   2. a near-duplicate text: MinHash/LSH, estimated Jaccard ≥ `nearDuplicate`, within `nearDuplicateWindowMs`;
 *   3. the same event: tf-idf cosine to an open story's centroid ≥ `similarity`, within `windowMs`
 *      (an item with a dense vector, and a story with a dense centroid: `(1 − denseWeight)·tf-idf +
 *      denseWeight·dense` cosine instead, times `similarity / denseSimilarity`).
 * Pure and deterministic over its state: the same items in the same order give the same stories.
 */
import { addDense, cosineToCentroid } from '../text/dense.js';
import { dotTerms, norm, tfidfTermVector, topTermKeys, topTerms, type DocumentFrequencies, type TermVector } from '../text/tfidf.js';
import { itemFeatures, type FeatureWeights, type ItemFeatures, type StoryItem } from './features.js';
import type { OpenStory, StoryState } from './story-state.port.js';

export interface AssignerParams {
  weights: FeatureWeights;
  /** Minimum estimated Jaccard of word 3-shingles for a near-duplicate. */
  nearDuplicate: number;
  /** Minimum cosine to a story's centroid for the same event. */
  similarity: number;
  /** The dense cosine's share of the similarity when item and story both have dense vectors (0–1). */
  denseWeight: number;
  /**
   * Where `similarity` sits on the mixed scale, `(1 − denseWeight)·tf-idf + denseWeight·dense`: a
   * mixed score is multiplied by `similarity / denseSimilarity`, so every threshold (`similarity`,
   * `hotSimilarity`, `mergeSimilarity`) reads it on the tf-idf scale. A model's dense cosines have a
   * scale of their own (unrelated short posts about one product reach 0.6 with some), so it is chosen
   * with `denseWeight`, per model (ADR 0022, embeddings amendment).
   */
  denseSimilarity: number;
  /**
   * The lower minimum for a story that is breaking: `hotMembers` or more members lately (a count
   * decaying by half every `heatHalfLifeMs`). Only dated items and stories are ever hot.
   */
  hotSimilarity: number;
  hotMembers: number;
  heatHalfLifeMs: number;
  /**
   * ... and only within this long of its first member: breaking is how a story begins. A steady
   * stream about one subject (tweets to one brand all day) keeps its stories hot; past this age they
   * take items at the ordinary `similarity` only (ADR 0022, fifth-session amendment).
   */
  hotMaxAgeMs: number;
  /** Minimum cosine of an item to another open story for the breaking story it joins to absorb that one. */
  mergeSimilarity: number;
  /** How long after a story's latest member a similar item may still join it. */
  windowMs: number;
  nearDuplicateWindowMs: number;
  /** How long after an incident story's latest member an item of the same incident key may still join it. */
  incidentWindowMs: number;
  /**
   * ... and only while the story's heat (members lately, see `heatHalfLifeMs`) is at least this: a
   * wave, not the product's everyday trickle of posts of that category chained together.
   */
  incidentMinHeat: number;
  /** How long after a story's first member anything but its URL may still join it: a story ends, a topic goes on. */
  maxAgeMs: number;
  /** Terms kept per item vector and per story centroid (bounds memory and cost). */
  itemTerms: number;
  centroidTerms: number;
  /** How many of an item's heaviest terms look up candidate stories, and how many are compared. */
  lookupTerms: number;
  maxCandidates: number;
  /** Whether `assign` counts each item into the document frequencies (false when primed beforehand). */
  updateFrequencies: boolean;
}

export const DEFAULT_PARAMS: AssignerParams = {
  weights: { title: 1, proper: 2, number: 2, feature: 2 },
  nearDuplicate: 0.6,
  similarity: 0.275,
  denseWeight: 0.5,
  denseSimilarity: 0.475,
  hotSimilarity: 0.15,
  hotMembers: 5,
  heatHalfLifeMs: 30 * 60_000,
  hotMaxAgeMs: 6 * 3_600_000,
  mergeSimilarity: 0.25,
  windowMs: 24 * 3_600_000,
  nearDuplicateWindowMs: 24 * 3_600_000,
  incidentWindowMs: 6 * 3_600_000,
  incidentMinHeat: 0.5,
  maxAgeMs: 36 * 3_600_000,
  itemTerms: 100,
  centroidTerms: 150,
  lookupTerms: 8,
  maxCandidates: 16,
  updateFrequencies: true,
};

export interface Assignment {
  story: string;
  /** Which rule placed the item: a new story, the URL, a near-duplicate or similarity. */
  via: 'new' | 'url' | 'incident' | 'near-duplicate' | 'similarity';
  /** Stories folded into `story` by this item (a breaking story found under two names): their members now belong to `story`. */
  merged: string[];
}

interface Match {
  story: OpenStory;
  score: number;
  hot: boolean;
}

export interface StoryAssigner {
  assign(item: StoryItem): Assignment;
  /** `assign` with the item's features computed beforehand (benchmarks reuse them across settings). */
  assignFeatures(item: StoryItem, f: ItemFeatures): Assignment;
}

const within = (a: number | undefined, b: number | undefined, ms: number): boolean => a === undefined || b === undefined || Math.abs(a - b) <= ms;

/** The story's heat as of `at`. */
const heatAt = (s: OpenStory, at: number | undefined, halfLifeMs: number): number =>
  at === undefined || s.heatAt === undefined ? 0 : s.heat * Math.pow(0.5, Math.max(0, at - s.heatAt) / halfLifeMs);

const addToCentroid = (story: OpenStory, v: TermVector, maxTerms: number): void => {
  const c = story.centroid;
  const { terms, weights } = v;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as string;
    c.set(t, (c.get(t) ?? 0) + (weights[i] as number));
  }
  if (c.size > maxTerms * 1.5) story.centroid = topTerms(c, maxTerms);
  story.centroidNorm = norm(story.centroid);
};

/** Where an incident key is kept in the state's URL table: a prefix no canonical URL has. */
const incidentSlot = (key: string): string => `incident:${key}`;

/**
 * The URL-table entry that marks a story an incident key of `kind` (the key's category: outage,
 * security) went to; it resolves to the story, merged or not.
 */
const incidentMark = (kind: string, storyId: string): string => `incident-story:${kind}:${storyId}`;
const kindOf = (key: string): string => key.slice(0, Math.max(0, key.indexOf('|')));

export const createStoryAssigner = (state: StoryState, df: DocumentFrequencies, params: AssignerParams = DEFAULT_PARAMS): StoryAssigner => {
  /** The similarity of an item (tf-idf `v`, unit dense vector `dense`) to an open story; tf-idf alone unless both have vectors of one length. */
  const denseScale = params.similarity / params.denseSimilarity;
  /** Whether a story is breaking as of `at`: `hotMembers` or more members lately, within `hotMaxAgeMs` of its first. */
  const breaking = (s: OpenStory, at: number | undefined): boolean =>
    heatAt(s, at, params.heatHalfLifeMs) >= params.hotMembers && (at === undefined || s.firstAt === undefined || at - s.firstAt <= params.hotMaxAgeMs);
  const similarity = (v: TermVector, dense: Float32Array | undefined, s: OpenStory): number => {
    const sparse = dotTerms(v, s.centroid) / s.centroidNorm;
    return dense && s.dense?.length === dense.length ? ((1 - params.denseWeight) * sparse + params.denseWeight * cosineToCentroid(dense, s.dense)) * denseScale : sparse;
  };

  /** Open stories scored against the item (cosine to the centroid), best first, down to `hotSimilarity`. */
  const scored = (v: TermVector, dense: Float32Array | undefined, lookup: readonly string[], at: number | undefined, noFailure: boolean): Match[] => {
    const out: Match[] = [];
    for (const s of state.candidates(lookup, params.maxCandidates)) {
      if (!within(at, s.lastAt, params.windowMs) || !within(at, s.firstAt, params.maxAgeMs) || s.centroidNorm === 0) continue;
      const score = similarity(v, dense, s);
      if (score < params.hotSimilarity) continue;
      const hot = breaking(s, at) && !(noFailure && state.storyOfUrl(incidentMark('outage', s.id)) !== undefined);
      out.push({ story: s, score, hot });
    }
    return out.sort((a, b) => b.score - a.score);
  };

  /** The story an item joins by similarity: the best above `similarity`, or above `hotSimilarity` for a breaking story. */
  const bestMatch = (matches: readonly Match[]): Match | undefined => matches.find((m) => m.score >= (m.hot ? params.hotSimilarity : params.similarity));

  /**
   * An item that joins a breaking story and resembles other open stories (at `hotSimilarity`)
   * bridges them: they are one story, folded into the oldest.
   */
  const mergeHot = (storyId: string, matches: readonly Match[], at: number | undefined): { id: string; merged: string[] } => {
    const chosen = state.get(storyId);
    if (!chosen || !breaking(chosen, at)) return { id: storyId, merged: [] };
    // An incident story (one an incident key went to) and a story of anything else are never folded
    // together: a short post sounding like both ("… send help") is no evidence they are one event.
    const incident = (id: string): boolean => state.storyOfUrl(incidentMark('outage', id)) !== undefined || state.storyOfUrl(incidentMark('security', id)) !== undefined;
    const kind = incident(chosen.id);
    const others = matches.filter((m) => m.story.id !== chosen.id && m.score >= params.mergeSimilarity && incident(m.story.id) === kind).map((m) => m.story);
    if (others.length === 0) return { id: storyId, merged: [] };
    const all = [chosen, ...others].sort((a, b) => (a.firstAt ?? 0) - (b.firstAt ?? 0) || a.id.localeCompare(b.id, 'en', { numeric: true }));
    for (const s of all) [s.heat, s.heatAt] = [heatAt(s, at, params.heatHalfLifeMs), at];
    const into = all[0] as OpenStory;
    const merged = all.slice(1).map((s) => s.id);
    for (const id of merged) state.merge(id, into.id);
    return { id: into.id, merged };
  };

  const assignFeatures = (item: StoryItem, f: ItemFeatures): Assignment => {
    if (params.updateFrequencies) df.add([...f.tf.keys()], true);
    const v = tfidfTermVector(f.tf, df, params.itemTerms);
    const lookup = topTermKeys(v, params.lookupTerms);
    let via: Assignment['via'] = 'new';
    let storyId = f.urlKey ? state.storyOfUrl(f.urlKey) : undefined;
    if (storyId) via = 'url';
    if (!storyId && item.at !== undefined) {
      for (const key of item.incidentJoins ? [...(item.incidents ?? []), ...item.incidentJoins] : (item.incidents ?? [])) {
        const open = state.storyOfUrl(incidentSlot(key));
        const s = open === undefined ? undefined : state.get(open);
        if (s?.lastAt !== undefined && Math.abs(item.at - s.lastAt) <= params.incidentWindowMs && heatAt(s, item.at, params.heatHalfLifeMs) >= params.incidentMinHeat) {
          [storyId, via] = [s.id, 'incident'];
          break;
        }
      }
    }
    // An incident report whose key has no breaking story opens one: it joins by text only the
    // story its key went to last (a story of something else that merely sounds alike stays apart).
    const keyed = item.at !== undefined && (item.incidents?.length ?? 0) > 0;
    const keyStories = keyed ? new Set((item.incidents ?? []).map((k) => state.storyOfUrl(incidentSlot(k)))) : undefined;
    const allowed = (id: string): boolean => !keyStories || keyStories.has(id);
    if (!storyId && f.signature) {
      storyId = state.nearDuplicate(f.signature, params.nearDuplicate, (id, at) => within(item.at, at, params.nearDuplicateWindowMs) && within(item.at, state.get(id)?.firstAt, params.maxAgeMs) && allowed(id));
      if (storyId) via = 'near-duplicate';
    }
    // An analysed item that reports no failure (no incident key, no join-only key) joins a breaking
    // outage story only at the ordinary `similarity`: the breaking story's lower bar is for reports.
    const noFailure = item.incidents !== undefined && item.incidents.length === 0 && (item.incidentJoins?.length ?? 0) === 0;
    const found = storyId ? [] : scored(v, item.dense, lookup, item.at, noFailure);
    const matches = keyStories ? found.filter((m) => keyStories.has(m.story.id)) : found;
    const best = bestMatch(matches);
    if (best) {
      storyId = best.story.id;
      via = 'similarity';
    }
    const { id, merged } = storyId ? mergeHot(storyId, matches, item.at) : { id: item.key, merged: [] };
    const story: OpenStory = state.get(id) ?? { id, firstAt: item.at, lastAt: item.at, size: 0, centroid: new Map(), centroidNorm: 0, heat: 0, heatAt: undefined };
    story.size++;
    if (item.at !== undefined) {
      story.firstAt = story.firstAt === undefined ? item.at : Math.min(story.firstAt, item.at);
      story.lastAt = story.lastAt === undefined ? item.at : Math.max(story.lastAt, item.at);
      story.heat = heatAt(story, item.at, params.heatHalfLifeMs) + 1;
      story.heatAt = item.at;
    }
    addToCentroid(story, v, params.centroidTerms);
    if (item.dense) story.dense = addDense(story.dense, item.dense);
    state.put(story, lookup, item.at);
    if (f.urlKey) state.rememberUrl(f.urlKey, id);
    if (item.at !== undefined && (item.incidents?.length ?? 0) > 0) {
      for (const key of item.incidents ?? []) if (state.storyOfUrl(incidentSlot(key)) !== id) state.rememberUrl(incidentSlot(key), id);
      for (const kind of new Set((item.incidents ?? []).map(kindOf))) if (state.storyOfUrl(incidentMark(kind, id)) === undefined) state.rememberUrl(incidentMark(kind, id), id);
    }
    if (f.signature && via !== 'near-duplicate') state.rememberSignature(f.signature, id, item.at);
    return { story: id, via, merged };
  };
  return { assign: (item) => assignFeatures(item, itemFeatures(item, params.weights)), assignFeatures };
};
