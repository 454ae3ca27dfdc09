export const CATEGORIES = [
  'outage',
  'security',
  'bug',
  'feature_request',
  'churn_risk',
  'competitor',
  'question',
  'complaint',
  'praise',
  'research',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface Entities {
  products: string[];
  organisations: string[];
  people: string[];
  /** Hashtags without '#', lower-cased. */
  hashtags: string[];
  /** @handles without '@'. */
  handles: string[];
}

/** The triage verdict for one text; the same shape whichever provider produced it. */
export interface AnalysisResult {
  category: Category;
  sentiment: Sentiment;
  /** In [-1, 1]. */
  sentimentScore: number;
  /** Integer 0–5. */
  urgency: number;
  /** 0–1. */
  confidence: number;
  /** ≤ 8, lower-case kebab-case. */
  tags: string[];
  entities: Entities;
  /** ≤ 400 characters; names the rules that fired. */
  reasoning: string;
}

export interface Provenance {
  provider: string;
  model: string;
  promptVersion: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  fallback: boolean;
}

/** A stored analysis of an item's content at a given content hash. */
export interface Analysis extends AnalysisResult, Provenance {
  itemId: number;
  contentHash: string;
  /** ISO-8601 UTC. */
  analyzedAt: string;
}

export const emptyEntities = (): Entities => ({ products: [], organisations: [], people: [], hashtags: [], handles: [] });
