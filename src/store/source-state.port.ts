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

/** Per-source health, written by the fetch stage after each source's run. */
export interface SourceStateRepository {
  /** A run of `source` finished without error, having fetched `fetchedCount` items. */
  recordSuccess(source: SourceName, at: string, fetchedCount: number): Promise<void>;
  /** A run of `source` failed; `rateLimitedUntil` when the failure was a rate limit. */
  recordFailure(source: SourceName, at: string, error: string, rateLimitedUntil: string | null): Promise<void>;
  /** Every source that has run at least once. */
  list(): Promise<SourceStateRecord[]>;
  /** Stored items per source. */
  itemCounts(): Promise<Record<string, number>>;
}
