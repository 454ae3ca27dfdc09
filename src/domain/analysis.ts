import type { Entities } from './analysis.schema.js';

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

/**
 * Topic tags: what an item is about, independent of its category (issue 14). The heuristic's
 * lexicon (analysis/heuristic/tags.rules.ts) and the LLM prompt use this one vocabulary; other
 * tags (hashtags, the model's own topics) may follow them.
 */
export const TOPIC_TAGS = [
  'security',
  'privacy',
  'login',
  'billing',
  'performance',
  'crash',
  'data-loss',
  'customer-service',
  'delay',
  'cancellation',
  'ui',
  'ads',
  'sync',
  'notifications',
  'update',
] as const;
export type TopicTag = (typeof TOPIC_TAGS)[number];

// The shapes of an analysis are TypeBox schemas (analysis.schema.ts); this module stays free of
// runtime imports so the dashboard can take the taxonomy from it.
export type { Analysis, AnalysisResult, Entities, Provenance } from './analysis.schema.js';

export const emptyEntities = (): Entities => ({ products: [], organisations: [], people: [], hashtags: [], handles: [] });
