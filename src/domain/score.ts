import type { Category, Sentiment } from './analysis.js';

/** What the salience formula reads of an item and its analysis. */
export interface SalienceInput {
  createdAt: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  category: Category;
  sentiment: Sentiment;
  urgency: number;
}

/** Every intermediate value of the salience formula (SPEC 2.3), stored with the score. */
export interface ScoreBreakdown {
  raw: number;
  metrics: number;
  urgency: number;
  urgencyPart: number;
  base: number;
  categoryBoost: number;
  sentimentMultiplier: number;
  ageHours: number;
  recency: number;
  unclamped: number;
  cap: number;
}

export interface Score {
  itemId: number;
  salience: number;
  breakdown: ScoreBreakdown;
  /** ISO-8601 UTC. */
  scoredAt: string;
}
