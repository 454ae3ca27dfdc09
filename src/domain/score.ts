import type { Category, Sentiment } from './analysis.js';
import type { ScoreBreakdown } from './signal.schema.js';

export type { ScoreBreakdown } from './signal.schema.js';

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

export interface Score {
  itemId: number;
  salience: number;
  breakdown: ScoreBreakdown;
  /** ISO-8601 UTC. */
  scoredAt: string;
}
