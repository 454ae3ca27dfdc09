import type { Analyzer } from '../analysis/analyzer.port.js';
import type { ScoringConfig } from '../config/scoring.config.js';
import type { FeedbackConfig } from '../feedback/feedback.config.js';
import type { TopicsConfig } from '../config/topics.config.js';
import type { Notifier } from '../notify/notifier.port.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.port.js';
import type { Clock } from '../platform/clock.js';
import type { Source } from '../sources/source.port.js';
import type { Store } from '../store/store.port.js';
import type { SpikesConfig } from '../spikes/spikes.config.js';
import type { EntitiesConfig } from '../entities/entities.config.js';
import type { StoryEmbeddings } from '../embeddings/build-embeddings.js';

/** Progress of a long stage; the CLI draws bars with it when stdout is a terminal. */
export interface Progress {
  start(stage: string, total: number | null): void;
  advance(n: number): void;
  stop(): void;
}


/** Everything the stages need, passed explicitly: API, scheduler and CLI build it the same way. */
export interface PipelineDeps {
  store: Store;
  sources: readonly Source[];
  analyzer: Analyzer;
  /** The configured notification channels, each with its own settings; none → the notify stage is skipped. */
  notifiers: readonly Notifier[];
  clock: Clock;
  log: Logger;
  scoring: ScoringConfig;
  /** Topic assignment (issue 16); absent → the topics stage is skipped. */
  topics?: TopicsConfig;
  batchSize: number;
  progress?: Progress;
  signal?: AbortSignal;
  /** Stage and per-source metrics; absent → nothing recorded. */
  metrics?: Metrics;
  /** Volumes and spikes (ADR 0025); absent → the spikes stage is skipped. */
  spikes?: SpikesConfig;
  /** Entities (ADR 0031); absent → the entities stage is skipped. */
  entities?: EntitiesConfig;
  /** The learned relevance model in salience (ADR 0030); absent → salience without it. */
  feedback?: FeedbackConfig;
  /** The optional embedding provider for stories (`stories.embeddings`); absent → stories from tf-idf alone. */
  embeddings?: StoryEmbeddings;
  /** `notify.discovery` (issue 16); absent or disabled, or without `topics` → no discovery alerts. */
  discoveryAlerts?: { enabled: boolean; minScore: number; hours: number };
}

/** Counts every stage returns; one bad item is `failed`, never a thrown run. */
export interface StageResult {
  ok: number;
  skipped: number;
  failed: number;
  durationMs: number;
  [extra: string]: unknown;
}

export const elapsed = (startedMs: number): number => Math.round((performance.now() - startedMs) * 10) / 10;
