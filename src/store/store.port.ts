import type { DashboardRepository } from './dashboard.port.js';
import type { AnalysisResult, Provenance } from '../domain/analysis.js';
import type { Item, NewItem, SourceName } from '../domain/item.js';
import type { MuteFilter } from '../domain/mute.js';
import type { DeliveryOutcome, DeliveryRecord, NewDelivery, NotificationStatus, OutboxEntry } from '../domain/notification.js';
import type { SalienceInput, Score } from '../domain/score.js';
import type { Signal } from '../domain/signal.schema.js';
import type { DialectName } from './dialects/dialect.js';
import type { JobsRepository } from './jobs.port.js';
import type { LabelsRepository, StoryLabelsRepository } from './labels.port.js';
import type { MutesRepository } from './mutes.port.js';
import type { ExperimentsRepository, RelevanceRepository } from './relevance.port.js';
import type { EmbeddingCache } from './embeddings.port.js';
import type { LlmRepository } from './llm.port.js';
import type { TopicsRepository } from './topics.port.js';
import type { LlmTopicsRepository } from './llm-topics.port.js';
import type { SignalFilters, SignalsRepository } from './signals.port.js';
import type { SnapshotsRepository } from './snapshots.port.js';
import type { SourceStateRepository } from './source-state.port.js';
import type { StoriesRepository, StoryOutboxRepository } from './stories.port.js';
import type { DiscoveryOutboxRepository } from './discovery-outbox.port.js';
import type { VolumesRepository } from './volumes.port.js';
import type { EntitiesRepository } from './entities.port.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

import type { AnalysisCandidate } from '../domain/item.js';
/** What analysis needs of an item (defined in the domain, so llm.port.ts and this port need not import each other). */
export type { AnalysisCandidate };

export interface AnalysisWrite {
  itemId: number;
  contentHash: string;
  result: AnalysisResult;
  provenance: Provenance;
  analyzedAt: string;
  /** The LLM's research topic of this content (null: none of the taxonomy); absent when none was asked for. */
  llmTopic?: string | null;
}

/** An item joined with its analysis: what the scorer needs. */
export interface ScoringRow extends SalienceInput {
  itemId: number;
}

/** An analysed and scored item, as lists, exports and notifications show it (the domain's `Signal`). */
export type SignalRow = Signal;

export interface TopQuery extends Pick<SignalFilters, 'minSalience' | 'since' | 'category' | 'source' | 'mutes'> {
  limit: number;
}

/** The item list's filters (no status, no triage state); `search` looks for words in title and text (`SignalFilters.search`). */
export interface SignalListQuery extends Omit<SignalFilters, 'status' | 'triage'> {
  limit: number;
  /** Keyset: only signals with id below this (newest first). */
  beforeId?: number;
}

export interface RunRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  trigger: string;
  stats: Record<string, unknown>;
  error: string | null;
}

export interface StoreStats {
  items: number;
  analyzed: number;
  scored: number;
  pendingAnalysis: number;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  bySentiment: Record<string, number>;
  notifications: Record<string, number>;
  lastRun: RunRecord | null;
}

/**
 * Every side effect on the database goes through this port. Each method that writes is one
 * transaction, so a crash leaves either all of it or none of it.
 */
export interface Store {
  readonly dialect: DialectName;
  /** Applies pending migrations; idempotent. Returns the names applied now. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
  /** Cheap round-trip used by readiness checks. */
  ping(): Promise<void>;

  /** Upserts a fetched batch and, in the same transaction, its cursor. */
  saveFetchBatch(source: SourceName, items: readonly NewItem[], cursor?: { key: string; value: string }): Promise<UpsertCounts>;
  getCursor(source: SourceName, key: string): Promise<string | undefined>;
  getItem(id: number): Promise<Item | undefined>;
  findItem(source: SourceName, externalId: string): Promise<Item | undefined>;
  countItems(): Promise<number>;

  /** Items with no analysis, or whose content changed since analysed; ordered by id, after `afterId`. */
  pendingAnalysis(afterId: number, limit: number): Promise<AnalysisCandidate[]>;
  saveAnalyses(rows: readonly AnalysisWrite[]): Promise<void>;

  /** Analysed items that have no score, changed since scored, or were created at/after `recentSince`. */
  /** `scoredBefore`: also every item scored before then (the relevance model changed; ADR 0030). */
  pendingScoring(afterId: number, limit: number, recentSince: string, scoredBefore?: string): Promise<ScoringRow[]>;
  saveScores(rows: readonly Score[]): Promise<void>;
  getScore(itemId: number): Promise<Score | undefined>;

  top(q: TopQuery): Promise<SignalRow[]>;
  /** Signals newest first, filtered, with keyset pagination on id. */
  listSignals(q: SignalListQuery): Promise<SignalRow[]>;
  /** One signal by store id, or by a source's external id. */
  getSignal(id: number): Promise<SignalRow | undefined>;
  findSignalByExternalId(externalId: string, source?: SourceName): Promise<SignalRow | undefined>;
  /** Names of migrations not yet applied (readiness). */
  pendingMigrations(): Promise<string[]>;
  /** Streams every signal (analysed and scored item) in id order, a page at a time; `mutes` hides (or keeps only) the muted ones. */
  signalsPage(afterId: number, limit: number, mutes?: MuteFilter): Promise<SignalRow[]>;
  stats(): Promise<StoreStats>;
  /** Bytes the database takes: SQLite file + WAL, or PostgreSQL's pg_database_size (metrics). */
  sizeBytes(): Promise<number>;

  outbox: OutboxRepository;
  runs: RunsRepository;
  /** Relevance labels on signals, with history (src/store/labels.port.ts). */
  labels: LabelsRepository;
  /** Relevance labels on stories, with history (src/store/labels.port.ts). */
  storyLabels: StoryLabelsRepository;
  /** Mute rules (src/store/mutes.port.ts, ADR 0029). */
  mutes: MutesRepository;
  /** Signals as the API manages them: status, create, edit, delete (src/store/signals.port.ts). */
  signals: SignalsRepository;
  /** Store-backed jobs: bulk status/delete and pipeline refresh (src/store/jobs.port.ts). */
  jobs: JobsRepository;
  /** Export snapshots with checksums (src/store/snapshots.port.ts). */
  snapshots: SnapshotsRepository;
  /** LLM verdict cache, daily usage and fallback lookups (src/store/llm.port.ts). */
  llm: LlmRepository;
  /** Dense vectors of the optional embedding provider, by model and text hash (src/store/embeddings.port.ts). */
  embeddings: EmbeddingCache;
  /** Topic model, examples, item topics and trending counts (src/store/topics.port.ts). */
  topics: TopicsRepository;
  /** Per-source fetch health (src/store/source-state.port.ts). */
  sourceState: SourceStateRepository;
  /**
   * Runs `fn` holding the store-wide pipeline lock (PostgreSQL advisory lock; SQLite: an exclusive
   * lock on `<db>.pipeline-lock`),
   * or does not run it when another run holds the lock. See docs/adr/0014-scale-out-locks.md.
   */
  withPipelineLock<T>(fn: () => Promise<T>): Promise<LockOutcome<T>>;
  /** Read-only aggregates for the web dashboard (src/store/dashboard.port.ts). */
  dashboard: DashboardRepository;
  /** Story assignment state, story scores and story reads (src/store/stories.port.ts, ADR 0023). */
  stories: StoriesRepository;
  /** One row per (story, channel, milestone): story notifications sent at most once (src/store/stories.port.ts). */
  storyOutbox: StoryOutboxRepository;
  /** Volumes per series and bucket, detector state, spikes and their outbox (src/store/volumes.port.ts). */
  volumes: VolumesRepository;
  /** Entities, their items and merges (src/store/entities.port.ts, ADR 0031). */
  entities: EntitiesRepository;
  /** The learned relevance model and the reads it and the backtests need (src/store/relevance.port.ts). */
  relevance: RelevanceRepository;
  /** Stored backtests (src/store/relevance.port.ts). */
  experiments: ExperimentsRepository;
  /** The LLM's research topic beside the model's (src/store/llm-topics.port.ts, issue 16). */
  llmTopics: LlmTopicsRepository;
  /** One row per (item, channel): discovery alerts sent at most once (src/store/discovery-outbox.port.ts). */
  discoveryOutbox: DiscoveryOutboxRepository;
}

/** What `withPipelineLock` returns: the value of `fn`, or that the lock was held elsewhere. */
export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

export interface OutboxCandidateQuery {
  channel: string;
  threshold: number;
  limit: number;
  since?: string;
}

export interface DeliveryQuery {
  channel?: string;
  outcome?: DeliveryOutcome;
  /** Only deliveries with a smaller id (paging, newest first). */
  beforeId?: number;
  limit: number;
}

export interface OutboxRepository {
  /** Rows left in `sending` by a crashed run become `unknown`: never re-sent automatically. */
  recoverInterrupted(channel: string, now: string): Promise<number>;
  /** Qualifying signals with no outbox row for the channel, loudest first. */
  candidates(q: OutboxCandidateQuery): Promise<SignalRow[]>;
  /** Inserts rows (ignoring items already queued for the channel); returns how many were new. `status` defaults to `pending`. */
  enqueue(rows: ReadonlyArray<{ itemId: number; batchId: string; kind: 'single' | 'digest'; status?: 'pending' | 'folded' }>, channel: string, now: string): Promise<number>;
  /**
   * Of `itemIds`, those whose story (of two or more members) has its `new` message on `channel`
   * queued, being sent, sent or unknown: item → story id. Their item messages are folded into it.
   */
  foldableItems(channel: string, itemIds: readonly number[]): Promise<Map<number, number>>;
  /**
   * Pending batches (oldest first) with their items and the attempts made so far; with `now`, only
   * those whose backoff (`nextAttemptAt`) has passed.
   */
  pendingBatches(channel: string, limit: number, now?: string): Promise<Array<{ batchId: string; kind: 'single' | 'digest'; attempts: number; items: SignalRow[] }>>;
  /** Marks a batch `sending` and increments attempts; returns false if it was no longer pending. */
  claim(batchId: string, now: string): Promise<boolean>;
  /** Ends a claimed batch; `nextAttemptAt` (with `pending`) is when a later run may retry it. */
  complete(batchId: string, status: Extract<NotificationStatus, 'sent' | 'failed' | 'pending' | 'unknown' | 'dead'>, now: string, error?: string, nextAttemptAt?: string): Promise<void>;
  /** Appends one delivery attempt to the log. */
  recordDelivery(d: NewDelivery): Promise<number>;
  /** The delivery log, newest first. */
  deliveries(q: DeliveryQuery): Promise<DeliveryRecord[]>;
  delivery(id: number): Promise<DeliveryRecord | undefined>;
  /**
   * Re-queues the batch of delivery `id` on its channel (`failed`, `dead`, `unknown` or `sent`
   * rows back to `pending`, due now, attempts reset): an operator's explicit choice. Returns the rows
   * re-queued (0 when the batch is pending or being sent), or undefined when no such delivery.
   */
  redeliver(id: number, now: string): Promise<{ batchId: string; channel: string; requeued: number } | undefined>;
  /** Channels a receiver's 410 disabled, with when and why. */
  disabledChannels(): Promise<Array<{ channel: string; disabledAt: string; reason: string }>>;
  disableChannel(channel: string, reason: string, now: string): Promise<void>;
  /** Returns whether the channel was disabled. */
  enableChannel(channel: string): Promise<boolean>;
  list(channel?: string): Promise<OutboxEntry[]>;
  /** Puts `unknown` rows back to `pending` (operator's explicit choice to risk a duplicate). */
  requeueUnknown(channel: string, now: string): Promise<number>;
}

export interface RunsRepository {
  start(trigger: string, now: string): Promise<number>;
  finish(id: number, status: RunRecord['status'], stats: Record<string, unknown>, now: string, error?: string): Promise<void>;
  /** Runs left `running` by a crashed process become `interrupted`. */
  markInterrupted(now: string): Promise<number>;
  recent(limit: number): Promise<RunRecord[]>;
  /** The latest run (by id) with this status, for metrics (e.g. the last success). */
  lastWithStatus(status: RunRecord['status']): Promise<RunRecord | undefined>;
}
