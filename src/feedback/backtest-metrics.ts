/*
 * Ranking figures of a backtest (issue 18, ADR 0030), pure: precision@k, recall@k and nDCG@k
 * (binary gains, log2 discount) of one ranked list, and precision/recall of a notified set.
 */

export interface RankFigures {
  precision: number;
  recall: number;
  ndcg: number;
}

/** Figures of `ranked` (relevance flags, best first) at k, against `totalRelevant` in the day. */
export const rankFigures = (ranked: readonly boolean[], totalRelevant: number, k: number): RankFigures => {
  let hits = 0;
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    if (!ranked[i]) continue;
    hits += 1;
    dcg += 1 / Math.log2(i + 2);
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return { precision: hits / k, recall: totalRelevant === 0 ? 0 : hits / totalRelevant, ndcg: ideal === 0 ? 0 : dcg / ideal };
};

/** Precision and recall of the notified items; precision is 0 when nothing was notified. */
export const thresholdFigures = (notified: readonly boolean[], relevant: readonly boolean[]): { precision: number; recall: number; notified: number } => {
  let n = 0;
  let hit = 0;
  let rel = 0;
  notified.forEach((sent, i) => {
    if (relevant[i]) rel += 1;
    if (!sent) return;
    n += 1;
    if (relevant[i]) hit += 1;
  });
  return { precision: n === 0 ? 0 : hit / n, recall: rel === 0 ? 0 : hit / rel, notified: n };
};

export const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
