/*
 * The plain baseline of bench:stories: single-pass clustering on tf-idf centroids. Lower-cased
 * letter/digit tokens, English stop words out, no stemming or weighting; idf from the whole input;
 * each document joins the most similar cluster centroid when cosine ≥ `threshold`, else starts one.
 */
import { eng } from 'stopword';
import { cosine, createMemoryDocumentFrequencies, idf, normalize, type SparseVector } from '../src/text/tfidf.js';

const STOP = new Set(eng.map((w) => w.toLowerCase()));
const words = (text: string): string[] => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w));

/** For each document, the index of its cluster's first document. */
export const plainBaseline = (docs: readonly { text: string; title?: string | null }[], threshold: number): number[] => {
  const tokens = docs.map((d) => words(d.text));
  const df = createMemoryDocumentFrequencies();
  tokens.forEach((t) => df.add(t));
  const clusters: { first: number; centroid: SparseVector }[] = [];
  return tokens.map((t, i) => {
    const tf = new Map<string, number>();
    for (const w of t) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = normalize(new Map([...tf].map(([w, f]) => [w, f * idf(df, w)])));
    let best: (typeof clusters)[number] | undefined;
    let bestScore = threshold;
    for (const c of clusters) {
      const s = cosine(v, c.centroid);
      if (s >= bestScore) [best, bestScore] = [c, s];
    }
    if (!best) {
      clusters.push({ first: i, centroid: new Map(v) });
      return i;
    }
    for (const [w, x] of v) best.centroid.set(w, (best.centroid.get(w) ?? 0) + x);
    return best.first;
  });
};
