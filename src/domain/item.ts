import type { Metrics } from './signal.schema.js';

export type { Metrics } from './signal.schema.js';

/** The closed set of source names an item can come from; `manual` is a signal entered through the API. */
export const SOURCE_NAMES = ['demo', 'x', 'reddit', 'hackernews', 'github', 'arxiv', 'rss', 'manual'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export interface Author {
  id: string | null;
  handle: string | null;
  name: string | null;
  followers: number | null;
}

/** An item as a source hands it over, before it has a store id. */
export interface NewItem {
  source: SourceName;
  externalId: string;
  url: string | null;
  author: Author;
  title: string | null;
  text: string;
  lang: string | null;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** ISO-8601 UTC. */
  fetchedAt: string;
  metrics: Metrics;
  /** Names of the configured queries that matched this item. */
  queries: string[];
  /** sha256 of title + text; a change queues re-analysis. */
  contentHash: string;
  raw: unknown;
}

/** A stored item. */
export interface Item extends NewItem {
  id: number;
}

/** What analysis needs of an item (a narrow read: the raw record and metrics are not loaded). */
export type AnalysisCandidate = Pick<Item, 'id' | 'source' | 'externalId' | 'title' | 'text' | 'lang' | 'contentHash'>;

/** A signal's stored status (SPEC 4.2): the earlier system's values, kept for API compatibility. */
export const SIGNAL_STATUSES = ['active', 'paused', 'inactive', 'error'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/**
 * Where a signal is in an operator's triage (issue 13 item 20; docs/adr/0020-triage-state.md):
 * every item starts `new`, is `acknowledged` while someone looks at it, and ends `resolved` or
 * `ignored`. Any state may be set from any other (a reopen is a move back to `new` or `acknowledged`).
 */
export const TRIAGE_STATES = ['new', 'acknowledged', 'resolved', 'ignored'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

