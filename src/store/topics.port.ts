import type { TopicExample, TopicScore } from '../topics/model.js';

/** What topic assignment needs of an item. */
export interface TopicCandidate {
  id: number;
  source: string;
  title: string | null;
  text: string;
  url: string | null;
  authorFollowers: number | null;
  createdAt: string;
}

export interface DiscoveryWrite {
  itemId: number;
  topic: string | null;
  /** The score when written (recency at that time). */
  score: number;
  /** The parts, each 0–100 (JSON in the store). */
  breakdown: Record<string, number>;
  createdAt: string;
}

export interface DiscoveryRow extends DiscoveryWrite {
  source: string;
  title: string | null;
  text: string;
  url: string | null;
  scoredAt: string;
}

/** What one assignment batch writes besides the items' topics, in the same transaction. */
export interface AssignmentExtras {
  discoveries: readonly DiscoveryWrite[];
  /** Topic centroids after the batch (JSON vectors). */
  centroids: ReadonlyArray<{ topic: string; vector: string; n: number }>;
}

export interface ItemTopicsWrite {
  itemId: number;
  /** Highest first. */
  topics: TopicScore[];
  /** The topic the item counts under (null: no topic reached the threshold). */
  top: string | null;
  topScore: number;
  origin: 'model' | 'user';
  createdAt: string;
}

export interface TopicTrend {
  topic: string;
  /** Items in the window. */
  count: number;
  /** Items in the baseline period before the window. */
  baseline: number;
}

export interface TopicItem {
  id: number;
  source: string;
  title: string | null;
  text: string;
  url: string | null;
  createdAt: string;
  score: number;
  salience: number | null;
}

/** A discovery whose item is in a story: its stored breakdown and the sources its story spans now. */
export interface EchoCandidate {
  itemId: number;
  breakdown: Record<string, number>;
  storySources: number;
}

/**
 * Topics in the store (issue 16, ADR 0024): the active model, the labelled examples beyond the
 * taxonomy (corrections), each item's topics, and the counts trending reads.
 */
export interface TopicsRepository {
  /** The active model's JSON and when it was trained; undefined before the first training. */
  activeModel(): Promise<{ model: string; trainedAt: string } | undefined>;
  /** Replaces the active model in one statement (a kill before it leaves the previous model). */
  saveModel(model: string, examples: number, trainedAt: string): Promise<void>;
  /** The stored examples (oldest first, at most `limit`). */
  examples(limit: number): Promise<TopicExample[]>;
  /** How many examples are stored and when the newest was added (for the retrain check). */
  examplesVersion(): Promise<{ count: number; latest: string | null }>;
  /**
   * A correction: the item's text becomes an example of `label` (replacing an earlier correction of
   * the same item) and its topics are set to `label` by the user. False when the item does not exist.
   */
  correct(itemId: number, label: string, now: string): Promise<boolean>;
  /** Items with no topics yet, by id after `afterId`. */
  unassigned(afterId: number, limit: number): Promise<TopicCandidate[]>;
  /**
   * Upserts items' topics (a user's correction is never overwritten by the model) and, in the same
   * transaction, their discovery scores and the topics' centroids: a kill leaves all or none.
   */
  saveItemTopics(rows: readonly ItemTopicsWrite[], now: string, extras?: AssignmentExtras): Promise<void>;
  /** Stored topic centroids (JSON vectors). */
  centroids(): Promise<Array<{ topic: string; vector: string; n: number }>>;
  /** Discoveries of items created at/after `since` (optionally of one topic), highest stored score first. */
  discoveries(opts: { since: string; topic?: string; limit: number }): Promise<DiscoveryRow[]>;
  /** Items' topics, highest first. */
  itemTopics(itemIds: readonly number[]): Promise<Map<number, TopicScore[]>>;
  /** Per topic: items created in [windowStart, until) and in [baselineStart, windowStart). */
  trending(baselineStart: string, windowStart: string, until: string): Promise<TopicTrend[]>;
  /** Items of a topic created at/after `since`, most salient first (then newest). */
  topicItems(topic: string, since: string, limit: number): Promise<TopicItem[]>;
  /** Items per topic per UTC day created at/after `since`. */
  daily(since: string): Promise<Array<{ topic: string; day: string; count: number }>>;
  /** Distinct sources of each item's story (ADR 0023); items without a story are absent. */
  storySources(itemIds: readonly number[]): Promise<Map<number, number>>;
  /** Discoveries of items created at/after `since` that are in a story, with its sources now (at most `limit`). */
  echoCandidates(since: string, limit: number): Promise<EchoCandidate[]>;
  /** Replaces discoveries' scores and breakdowns (one transaction). */
  rescoreDiscoveries(rows: ReadonlyArray<{ itemId: number; score: number; breakdown: Record<string, number> }>, now: string): Promise<void>;
  /** Discoveries of items created at/after `since`, counted per topic (metrics). */
  discoveryCounts(since: string): Promise<Array<{ topic: string | null; count: number }>>;
}
