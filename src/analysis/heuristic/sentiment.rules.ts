import type { Category, Sentiment } from '../../domain/analysis.js';

/*
 * From the VADER-style compound to a 3-class label, with VADER's own calibration (±0.05) as the
 * default. Two adjustments by what the item is, each measured on airline tweets and app reviews
 * (docs/bench/quality.md, 5-fold cross-validated there):
 * - a problem report is negative even when it holds no sentiment word ("the app won't open"), so
 *   problem categories shift the score down before thresholding;
 * - a question is positive only when clearly so: politeness in a question ("could you help,
 *   thanks?") is not praise; a question that asks for information or action needs more.
 */

/** At or above: positive (VADER). */
export const POSITIVE_AT = 0.05;
/** At or below: negative (VADER). */
export const NEGATIVE_AT = -0.05;

export interface SentimentTuning {
  /** Shift applied to problem reports (outage, bug, complaint, churn risk). */
  problemShift: number;
  /** Positive threshold for questions. */
  questionPositiveAt: number;
  /** Positive threshold for questions that ask (a question sentence opening with a question word). */
  askingPositiveAt: number;
}

/**
 * Measured on airline tweets and CLAP reviews (bench:quality, with its 5-fold cross-validation):
 * each helps every domain. A question that asks for information or action ("when is my flight
 * …?", "can you …?") is positive from 0.6, the cross-validation's pick on every fold; other
 * questions from 0.3. The cross-validation also picks 0.5 for every question, which lowers the
 * CLAP reviews (weighted F1 −0.007: many of their "questions" are a stray "?" before a short
 * review, "? it's very good"); the asking threshold leaves them within 0.001.
 */
export const SENTIMENT_TUNING: Readonly<SentimentTuning> = { problemShift: -0.5, questionPositiveAt: 0.3, askingPositiveAt: 0.6 };

const PROBLEM: ReadonlySet<Category> = new Set<Category>(['outage', 'bug', 'complaint', 'churn_risk']);

export interface SentimentVerdict {
  sentiment: Sentiment;
  /** In [−1, 1]. */
  score: number;
  /** Whether the problem shift applied. */
  shifted: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export const sentimentVerdict = (
  compound: number,
  category: Category,
  tuning: Readonly<SentimentTuning> = SENTIMENT_TUNING,
  asking = false,
): SentimentVerdict => {
  const shifted = PROBLEM.has(category);
  const score = Math.max(-1, Math.min(1, shifted ? compound + tuning.problemShift : compound));
  const questionAt = asking ? tuning.askingPositiveAt : tuning.questionPositiveAt;
  const positiveAt = category === 'question' ? Math.max(POSITIVE_AT, questionAt) : POSITIVE_AT;
  const sentiment: Sentiment = score >= positiveAt ? 'positive' : score <= NEGATIVE_AT ? 'negative' : 'neutral';
  return { sentiment, score: round2(score), shifted };
};
