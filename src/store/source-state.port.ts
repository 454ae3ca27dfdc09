import type { SourceName } from '../domain/item.js';

/** What the store keeps about one source's fetches (SPEC 2.1; `harvest sources`, `GET /sources`). */
export interface SourceStateRecord {
  source: SourceName;
  /** ISO-8601; null until the first success. */
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  /** The last error's message, secrets already masked by the source. */
  lastError: string | null;
  /** Failed runs since the last success. */
  consecutiveFailures: number;
  /** ISO-8601 instant the source's rate limit ends, when the last run hit one. */
  rateLimitedUntil: string | null;
  /** Items in the last successful fetch. */
  lastFetchedCount: number | null;
}

/** What the store keeps about one part of a source (a feed, a query, a listing, a repository). */
export interface SourcePartRecord {
  source: SourceName;
  /** The part's configured name. */
  key: string;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** Failed runs of this part since its last success. */
  consecutiveFailures: number;
  /** Items the part delivered in its last successful run. */
  lastFetchedCount: number | null;
}

/** One part's outcome in a run, as stored: `error` (masked) when it failed. */
export interface PartRunRecord {
  key: string;
  fetchedCount: number;
  error: string | null;
}

/** Per-source health, written by the fetch stage after each source's run. */
export interface SourceStateRepository {
  /** A run of `source` finished without error, having fetched `fetchedCount` items. */
  recordSuccess(source: SourceName, at: string, fetchedCount: number): Promise<void>;
  /** A run of `source` failed; `rateLimitedUntil` when the failure was a rate limit. */
  recordFailure(source: SourceName, at: string, error: string, rateLimitedUntil: string | null): Promise<void>;
  /**
   * A run of `source` in which some parts delivered and others failed: it counts as a success
   * (last success set, failure count and rate limit reset) that also records `error`; the parts
   * say which failed and why.
   */
  recordPartial(source: SourceName, at: string, fetchedCount: number, error: string): Promise<void>;
  /** Each part's outcome of one run of `source` (a success resets the part's failures, a failure adds one). */
  recordParts(source: SourceName, at: string, parts: readonly PartRunRecord[]): Promise<void>;
  /** Every source that has run at least once. */
  list(): Promise<SourceStateRecord[]>;
  /** Every part that has run at least once, by source then key. */
  listParts(): Promise<SourcePartRecord[]>;
  /** Stored items per source. */
  itemCounts(): Promise<Record<string, number>>;
}
