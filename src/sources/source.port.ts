import type { NewItem, SourceName } from '../domain/item.js';
import type { Clock, Sleep } from '../platform/clock.js';
import type { HttpClient } from '../platform/http.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.port.js';

/** A batch of items plus the cursor that is true once they are stored; persisted in one transaction. */
export interface FetchBatch {
  items: NewItem[];
  /** Cursor to save with this batch (key is source-defined, e.g. a query name). */
  cursor?: { key: string; value: string };
}

export interface FetchContext {
  /** Cursor value per key as last committed, or undefined when never fetched. */
  getCursor(key: string): Promise<string | undefined>;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
}

/**
 * A source adapter. `fetch` yields batches; the pipeline stores each batch and its cursor in one
 * transaction before pulling the next, so a crash loses nothing and re-reads at most one batch.
 */
export interface Source {
  readonly name: SourceName;
  fetch(ctx: FetchContext): AsyncIterable<FetchBatch>;
}

/** What every HTTP source adapter receives. */
export interface SourceDeps {
  http: HttpClient;
  clock: Clock;
  sleep: Sleep;
  /** Rate-limit and other adapter-level metrics; fetched/success/error are recorded by the fetch stage. */
  metrics?: Metrics;
}
