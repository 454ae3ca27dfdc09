/*
 * The discovery score of a research item (issue 16, ADR 0024), pure: five parts, each 0–100, and
 * their weighted mean (the configured weights, all read). Each part approaches its ends smoothly,
 * so no realistic input pins it at 100:
 *   novelty    100 · (1 − cosine to its topic's centroid before it joined; 50 with no centroid yet)
 *   emergence  100 · (1 − e^(−(r − 1)/2)) for r = the topic's window rate over its baseline rate > 1
 *   echo       100 · (1 − 1/s) for s sources its story spans (0 when unknown or one source)
 *   obscurity  100 / (1 + log10(1 + followers) / 2) (50 when the followers are unknown)
 *   recency    100 · 2^(−age / half-life)
 */
import type { SparseRow } from './features.js';

export interface DiscoveryWeights {
  novelty: number;
  emergence: number;
  echo: number;
  obscurity: number;
  recency: number;
}

export interface DiscoveryInput {
  /** Cosine of the item's row to its topic's centroid (null: the topic has no centroid yet). */
  similarity: number | null;
  /** The topic's items in the window and in the baseline period. */
  windowCount: number;
  baselineCount: number;
  /** Baseline length over window length (e.g. 28 days / 72 hours = 9.33). */
  baselineRatio: number;
  /** Sources the item's story spans (null: unknown). */
  storySources: number | null;
  authorFollowers: number | null;
  ageHours: number;
  halfLifeHours: number;
}

export type DiscoveryBreakdown = DiscoveryWeights;

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** The echo part: 100 · (1 − 1/s) for s sources its story spans (0 when unknown or one source). */
export const echoPart = (storySources: number | null): number => r1(storySources === null || storySources <= 1 ? 0 : 100 * (1 - 1 / storySources));

/** The five parts, each 0–100. */
export const discoveryParts = (i: DiscoveryInput): DiscoveryBreakdown => {
  const expected = i.baselineCount / Math.max(i.baselineRatio, 1e-9);
  const rate = (i.windowCount + 1) / (expected + 1);
  return {
    novelty: r1(i.similarity === null ? 50 : 100 * (1 - Math.min(1, Math.max(0, i.similarity)))),
    emergence: r1(100 * (1 - Math.exp(-Math.max(0, rate - 1) / 2))),
    echo: echoPart(i.storySources),
    obscurity: r1(i.authorFollowers === null ? 50 : 100 / (1 + Math.log10(1 + Math.max(0, i.authorFollowers)) / 2)),
    recency: r1(100 * 2 ** (-Math.max(0, i.ageHours) / i.halfLifeHours)),
  };
};

/** The weighted mean of the parts (0 when every weight is 0). */
export const discoveryScore = (parts: DiscoveryBreakdown, w: DiscoveryWeights): number => {
  const keys = Object.keys(w) as Array<keyof DiscoveryWeights>;
  const total = keys.reduce((s, k) => s + w[k], 0);
  if (total === 0) return 0;
  return r1(keys.reduce((s, k) => s + w[k] * parts[k], 0) / total);
};

/** Recency now, from the age at read time (the other parts are kept as they were scored). */
export const withRecency = (parts: DiscoveryBreakdown, ageHours: number, halfLifeHours: number): DiscoveryBreakdown => ({ ...parts, recency: r1(100 * 2 ** (-Math.max(0, ageHours) / halfLifeHours)) });

/** A topic centroid: the mean of its items' unit rows, as column → weight, with how many items. */
export interface Centroid {
  /** When the model whose columns these are was trained; another model's centroid is started over. */
  trainedAt: string;
  n: number;
  w: Map<number, number>;
}

/** Columns a centroid keeps at most (the heaviest). */
export const CENTROID_MAX_COLUMNS = 4000;

/** Cosine of a unit row to a centroid (null when it has no items). */
export const centroidSimilarity = (c: Centroid | undefined, row: SparseRow): number | null => {
  if (!c || c.n === 0) return null;
  let dot = 0;
  let norm = 0;
  for (const v of c.w.values()) norm += v * v;
  for (let k = 0; k < row.idx.length; k++) dot += (row.val[k] as number) * (c.w.get(row.idx[k] as number) ?? 0);
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
};

/** The running mean with one more row (c ← c + (x − c) / n), cut to the heaviest columns. */
export const addToCentroid = (c: Centroid, row: SparseRow): void => {
  c.n++;
  const f = 1 / c.n;
  for (const [k, v] of c.w) c.w.set(k, v * (1 - f));
  for (let k = 0; k < row.idx.length; k++) {
    const col = row.idx[k] as number;
    c.w.set(col, (c.w.get(col) ?? 0) + (row.val[k] as number) * f);
  }
  if (c.w.size > CENTROID_MAX_COLUMNS * 1.25) c.w = new Map([...c.w].sort((a, b) => b[1] - a[1]).slice(0, CENTROID_MAX_COLUMNS));
};

const RESEARCH_URL = /^https?:\/\/(?:www\.)?(?:arxiv\.org|github\.com|openreview\.net|doi\.org|biorxiv\.org|medrxiv\.org)\//i;

/** A research item: from arXiv or GitHub, or a post linking to a paper or a repository. */
export const isResearchItem = (source: string, url: string | null, text: string): boolean =>
  source === 'arxiv' || source === 'github' || (url !== null && RESEARCH_URL.test(url)) || /https?:\/\/(?:www\.)?(?:arxiv\.org|github\.com)\//i.test(text.slice(0, 20_000));
