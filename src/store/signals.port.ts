import type { Category, Sentiment } from '../domain/analysis.js';
import type { SignalStatus, SourceName, TriageState } from '../domain/item.js';
import type { MuteFilter } from '../domain/mute.js';
import type { ManagedSignalBody } from '../domain/signal.schema.js';

/** Columns `GET /signals` may sort by; nothing else reaches ORDER BY. */
export const SIGNAL_SORTS = ['createdAt', 'updatedAt', 'salience', 'status'] as const;
export type SignalSort = (typeof SIGNAL_SORTS)[number];

/** The filters of signal lists (`GET /signals`, `GET /items`, snapshots, bulk selections); each applies only when given. */
export interface SignalFilters {
  /**
   * Words of text or title (and the author's handle in `GET /signals`): an item matches when it holds
   * every word, the last one also as a prefix, case-insensitively (ADR 0017). Anything but letters and
   * digits only separates words; a search with no words filters nothing.
   */
  search?: string;
  status?: SignalStatus;
  /** Only signals in one of these triage states (none given or empty: any). */
  triage?: readonly TriageState[];
  source?: SourceName;
  /** Only signals analysed into this category / with this sentiment. */
  category?: Category;
  sentiment?: Sentiment;
  /** Only scored signals with at least this salience. */
  minSalience?: number;
  /** Only signals created at or after this instant (ISO-8601 UTC). */
  since?: string;
  /** Hide the signals mute rules match, or show only them (ADR 0029); none: every signal. */
  mutes?: MuteFilter;
}

/** One page of signals, offset-paginated, with optional filters. */
export interface SignalPageQuery extends SignalFilters {
  /** 1-based. */
  page: number;
  pageSize: number;
  /** `salience` puts signals without a score last in either order. */
  sort: SignalSort;
  order: 'asc' | 'desc';
}

/**
 * A signal as the API manages it: an item with its stored triage status and, once the pipeline has
 * run on it, its analysis and score (null until then). Derived from the signal schema.
 */
export type SignalAdminRow = ManagedSignalBody;

/** A signal entered by hand: stored as a `manual` item, analysed and scored on the next run. */
export interface NewSignalInput {
  text: string;
  title?: string | null;
  url?: string | null;
  /** Defaults to `active`. */
  status?: SignalStatus;
  /** Defaults to `new`. */
  triage?: TriageState;
  author?: string | null;
}

/** Fields an operator may edit; a title or text change queues the signal for re-analysis. */
export interface SignalPatch {
  status?: SignalStatus;
  /** Any state may follow any other (docs/adr/0020-triage-state.md). */
  triage?: TriageState;
  title?: string | null;
  text?: string;
}

export interface SignalCounts {
  total: number;
  active: number;
  paused: number;
  inactive: number;
  error: number;
  /** How many signals are in each triage state. */
  triage: Record<TriageState, number>;
}

/**
 * Signals as the API manages them (SPEC 4.2): list, read, create, edit, delete, counts by status and triage state, and
 * the bulk writes the jobs engine uses. Every write is one transaction.
 */
export interface SignalsRepository {
  /** A page of signals and the count of every signal matching the same filters. */
  page(q: SignalPageQuery): Promise<{ items: SignalAdminRow[]; total: number }>;
  get(id: number): Promise<SignalAdminRow | undefined>;
  /** Inserts a `manual` item (fresh UUID external id, now as created and fetched time). */
  create(input: NewSignalInput): Promise<SignalAdminRow>;
  /** Applies the patch; undefined when no such signal. */
  update(id: number, patch: SignalPatch): Promise<SignalAdminRow | undefined>;
  /** Deletes the item with its analysis, score and notifications; false when no such signal. */
  remove(id: number): Promise<boolean>;
  /** Counts per status and triage state; `mutes` hides (or keeps only) the signals mute rules match (none: every signal). */
  stats(mutes?: MuteFilter): Promise<SignalCounts>;
  /** Sets the status of the given signals (missing ids are skipped); returns how many it found and set. */
  setStatus(ids: readonly number[], status: SignalStatus): Promise<number>;
  /** Sets the triage state of the given signals (missing ids are skipped); returns how many it found and set. */
  setTriage(ids: readonly number[], triage: TriageState): Promise<number>;
  /** Deletes the given signals (missing ids are skipped); returns how many were deleted. */
  removeMany(ids: readonly number[]): Promise<number>;
}
