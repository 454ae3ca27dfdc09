import type { Category, Sentiment } from '../../domain/analysis.js';

/*
 * From the VADER-style compound to a 3-class label. Feedback text is mostly people reporting
 * problems, and a problem report is negative even when it holds no sentiment word ("the app
 * won't open"), so problem categories shift the score down before thresholding. The neutral
 * band is asymmetric: mild negativity is still negative; mild positivity is mostly politeness.
 */

/** At or above: positive. */
export const POSITIVE_AT = 0.3;
/** At or below: negative. */
export const NEGATIVE_AT = -0.01;
/** Shift applied to problem reports. */
export const PROBLEM_SHIFT = -0.3;

const PROBLEM: ReadonlySet<Category> = new Set<Category>(['outage', 'bug', 'complaint', 'churn_risk']);

export interface SentimentVerdict {
  sentiment: Sentiment;
  /** In [−1, 1]. */
  score: number;
  /** Whether the problem shift applied. */
  shifted: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export const sentimentVerdict = (compound: number, category: Category): SentimentVerdict => {
  const shifted = PROBLEM.has(category);
  const score = Math.max(-1, Math.min(1, shifted ? compound + PROBLEM_SHIFT : compound));
  const sentiment: Sentiment = score >= POSITIVE_AT ? 'positive' : score <= NEGATIVE_AT ? 'negative' : 'neutral';
  return { sentiment, score: round2(score), shifted };
};
