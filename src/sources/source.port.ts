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

/** One unit a source fetches (a feed, a query, a listing, a watched repository): health is kept per part. */
export interface SourcePart {
  /** The unit's configured name (a slug; stored as the part's key). */
  key: string;
  /** What the unit reads, for people (a feed URL with credentials masked, a repository); never a secret. */
  target?: string;
}

/** How one part fared in a run: items it delivered, or the error that stopped it (possibly after some). */
export interface PartOutcome {
  key: string;
  fetched: number;
  error?: unknown;
}

export interface FetchContext {
  /** Cursor value per key as last committed, or undefined when never fetched. */
  getCursor(key: string): Promise<string | undefined>;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
  /** Called once per part when it is done (or skipped because the whole source stopped). */
  reportPart?(outcome: PartOutcome): void;
}

/**
 * A source adapter. `fetch` yields batches; the pipeline stores each batch and its cursor in one
 * transaction before pulling the next, so a crash loses nothing and re-reads at most one batch.
 */
export interface Source {
  readonly name: SourceName;
  /** The configured parts, when the source has several (health per part); absent for a single-part source. */
  readonly parts?: readonly SourcePart[];
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
