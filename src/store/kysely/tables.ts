import type { Generated } from 'kysely';
import type { Analysis } from '../../domain/analysis.schema.js';

/**
 * Row types of the schema. Times are ISO-8601 UTC text (`Date#toISOString()`) on both databases, so
 * comparisons and ordering are identical; JSON is stored as text. See docs/adr/0003-store.md.
 */
export interface ItemsTable {
  id: Generated<number>;
  source: string;
  external_id: string;
  url: string | null;
  author_id: string | null;
  author_handle: string | null;
  author_name: string | null;
  author_followers: number | null;
  title: string | null;
  text: string;
  lang: string | null;
  created_at: string;
  fetched_at: string;
  updated_at: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  views: number;
  /** JSON array of query names. */
  queries: string;
  content_hash: string;
  /** JSON of the source's raw record. */
  raw: string;
  /** Status (the earlier system's): active | paused | inactive | error. */
  status: Generated<string>;
  /** Triage state: new | acknowledged | resolved | ignored. */
  triage: Generated<string>;
}

/** camelCase → snake_case, as columns are named. */
type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}` : S;
/** How a domain value is stored: booleans as 0/1, arrays and objects as JSON text. */
type Stored<T> = T extends boolean ? number : T extends string | number | null ? T : string;
/** The row of a table that stores a domain type one column per field. */
type ColumnsOf<T> = { [K in keyof T as SnakeCase<K & string>]: Stored<T[K]> };

/** One column per field of the domain's Analysis (src/domain/analysis.schema.ts); tags and entities as JSON. */
export type AnalysesTable = ColumnsOf<Analysis>;

export interface ScoresTable {
  item_id: number;
  salience: number;
  breakdown: string;
  scored_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  item_id: number;
  channel: string;
  batch_id: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** A retryable failure waits until then (backoff across runs); null: due now. */
  next_attempt_at: string | null;
}

/** One delivery attempt of one outbox batch (issue 19). */
export interface DeliveriesTable {
  id: Generated<number>;
  batch_id: string;
  channel: string;
  kind: string;
  item_count: number;
  attempt: number;
  outcome: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  next_retry_at: string | null;
  created_at: string;
}

/** Channels a receiver's 410 Gone disabled. */
export interface NotifyChannelStateTable {
  channel: string;
  disabled_at: string;
  reason: string;
}

export interface CursorsTable {
  source: string;
  key: string;
  value: string;
  updated_at: string;
}

export interface PipelineRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  status: string;
  trigger: string;
  stats: string;
  error: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  params: string;
  result: string | null;
  error: string | null;
  cancel_requested: number;
  created_at: string;
  updated_at: string;
  heartbeat_at: string | null;
  /** `host:pid:instance` of the process that created it (migration 0006); null for older rows. */
  owner: string | null;
}

export interface SnapshotsTable {
  id: string;
  status: string;
  format: string;
  filters: string;
  bytes: number | null;
  rows: number | null;
  sha256: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A snapshot's content, in order (migration 0010): `seq` 0, 1, … each at most the writer's chunk size. */
export interface SnapshotChunksTable {
  snapshot_id: string;
  seq: number;
  data: Buffer;
}

export interface LlmCacheTable {
  content_hash: string;
  provider: string;
  model: string;
  prompt_version: string;
  /** JSON of the AnalysisResult. */
  result: string;
  created_at: string;
}

export interface LlmUsageTable {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  provider: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  requests: number;
}

export interface SourceStateTable {
  source: string;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  rate_limited_until: string | null;
  last_fetched_count: number | null;
  updated_at: string;
}

export interface SourcePartStateTable {
  source: string;
  part_key: string;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  last_fetched_count: number | null;
  updated_at: string;
}

/** A story (migration 0011, ADR 0023): its id is its first member's item id; times of the assigner's state are epoch ms. */
export interface StoriesTable {
  id: number;
  first_at: number | null;
  last_at: number | null;
  open_size: number;
  /** JSON array of [term, weight], in the centroid's order. */
  centroid: string;
  centroid_norm: number;
  heat: number;
  heat_at: number | null;
  seq: number;
  merged_into: number | null;
  size: Generated<number>;
  /** JSON array of the members' distinct sources. */
  sources: Generated<string>;
  authors: Generated<number>;
  /** The loudest member (the first until scored). */
  lead_item_id: number | null;
  first_created_at: string | null;
  last_created_at: string | null;
  salience: number | null;
  /** JSON of the StoryBreakdown. */
  breakdown: string | null;
  scored_at: string | null;
  updated_at: string;
  /** Float32 sum of the members' unit dense vectors (0022_embeddings); null without vectors. */
  dense: Buffer | null;
}

export interface StoryMembersTable {
  item_id: number;
  story_id: number;
  via: string;
  assigned_at: string;
}

export interface StoryPostingsTable {
  term: string;
  story_id: number;
  seq: number;
}

export interface StoryUrlsTable {
  url_key: string;
  story_id: number;
  seq: number;
}

export interface StorySignaturesTable {
  seq: number;
  story_id: number;
  at: number | null;
  /** Base64 of the little-endian Uint32 MinHash signature. */
  sig: string;
}

export interface StoryDfTable {
  term: string;
  n: number;
}

export interface StoryMetaTable {
  key: string;
  value: number;
}

export interface StoryNotificationsTable {
  story_id: number;
  channel: string;
  milestone: string;
  status: string;
  attempts: number;
  /** JSON of what the message said (the story alert). */
  payload: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface VolumeItemsTable {
  series_key: string;
  item_id: number;
  bucket: string;
}

export interface VolumeCountedTable {
  item_id: number;
}

export interface VolumesTable {
  series_key: string;
  /** 5m | 1h | 1d */
  resolution: string;
  /** ISO-8601 UTC start of the bucket. */
  bucket: string;
  count: number;
}

export interface SpikeSeriesTable {
  series_key: string;
  kind: string;
  /** JSON of the detector's state. */
  state: string | null;
  scored_through: string | null;
  last_score: number;
  open_spike_id: number | null;
  updated_at: string;
}

export interface SpikesTable {
  id: Generated<number>;
  series_key: string;
  kind: string;
  started_at: string;
  ended_at: string | null;
  score: number;
  peak_score: number;
  count: number;
  expected: number;
  spread: number;
  p: number;
  hour_count: number;
  created_at: string;
}

export interface SpikeAlertsTable {
  spike_id: number;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}


export interface SignalLabelsTable {
  id: Generated<number>;
  item_id: number;
  /** `relevant`, `irrelevant` or `clear`. */
  label: string;
  actor: string;
  created_at: string;
}

export interface Database {
  items: ItemsTable;
  analyses: AnalysesTable;
  scores: ScoresTable;
  notifications: NotificationsTable;
  deliveries: DeliveriesTable;
  notify_channel_state: NotifyChannelStateTable;
  cursors: CursorsTable;
  pipeline_runs: PipelineRunsTable;
  jobs: JobsTable;
  snapshots: SnapshotsTable;
  snapshot_chunks: SnapshotChunksTable;
  llm_cache: LlmCacheTable;
  llm_usage: LlmUsageTable;
  source_state: SourceStateTable;
  source_part_state: SourcePartStateTable;
  stories: StoriesTable;
  story_members: StoryMembersTable;
  story_postings: StoryPostingsTable;
  story_urls: StoryUrlsTable;
  story_signatures: StorySignaturesTable;
  story_df: StoryDfTable;
  story_meta: StoryMetaTable;
  story_notifications: StoryNotificationsTable;
  topic_models: TopicModelsTable;
  topic_examples: TopicExamplesTable;
  item_topics: ItemTopicsTable;
  topic_centroids: TopicCentroidsTable;
  discoveries: DiscoveriesTable;
  volume_items: VolumeItemsTable;
  volume_counted: VolumeCountedTable;
  volumes: VolumesTable;
  spike_series: SpikeSeriesTable;
  spikes: SpikesTable;
  spike_alerts: SpikeAlertsTable;
  signal_labels: SignalLabelsTable;
  story_labels: StoryLabelsTable;
  mutes: MutesTable;
  entities: EntitiesTable;
  item_entities: ItemEntitiesTable;
  entity_scans: EntityScansTable;
  entity_merges: EntityMergesTable;
  item_llm_topics: ItemLlmTopicsTable;
}

/** The active topic model (name 'active'): its JSON (src/topics/model.ts). */
export interface TopicModelsTable {
  name: string;
  model: string;
  examples: number;
  trained_at: string;
}

/** Labelled examples beyond the taxonomy's: corrections (one per item) and imported files. */
export interface TopicExamplesTable {
  id: Generated<number>;
  item_id: number | null;
  text: string;
  label: string;
  origin: string;
  created_at: string;
}

/** An item's topics: JSON [{name, score}] highest first; `top` is null under the threshold. */
export interface ItemTopicsTable {
  item_id: number;
  topics: string;
  top: string | null;
  top_score: number;
  /** model | user */
  origin: string;
  /** The item's created_at (windows are read from here). */
  created_at: string;
  assigned_at: string;
}

/** A topic's centroid: JSON {term: weight}, kept incrementally over `n` items. */
export interface TopicCentroidsTable {
  topic: string;
  vector: string;
  n: number;
  updated_at: string;
}

/** An item's discovery score and its breakdown (JSON). */
export interface DiscoveriesTable {
  item_id: number;
  topic: string | null;
  score: number;
  breakdown: string;
  created_at: string;
  scored_at: string;
}

/** Story labels (0017_mutes): as `signal_labels`, keyed by story. */
export interface StoryLabelsTable {
  id: Generated<number>;
  story_id: number;
  /** `relevant`, `irrelevant` or `clear`. */
  label: string;
  actor: string;
  created_at: string;
}

/** Mute rules (0017_mutes): kind author | source | domain | phrase | story, value normalised. */
export interface MutesTable {
  id: Generated<number>;
  kind: string;
  value: string;
  actor: string;
  created_at: string;
}
/** An entity (issue 16, ADR 0031): unique on (namespace, key); `merged_into` the entity it was merged into. */
export interface EntitiesTable {
  id: Generated<number>;
  namespace: string;
  key: string;
  kind: string;
  name: string;
  norm: string;
  profile_url: string | null;
  merged_into: number | null;
  created_at: string;
}

/** An item naming an entity, in a role (author, affiliation, owner, contributor, subject, mention). */
export interface ItemEntitiesTable {
  item_id: number;
  entity_id: number;
  role: string;
  /** The item's created_at (first/last seen and prominence are read from here). */
  created_at: string;
}

/** The items extraction has seen, at which content hash. */
export interface EntityScansTable {
  item_id: number;
  content_hash: string;
  scanned_at: string;
}

/** A merge of one entity into another, its evidence (JSON), and when it was undone. */
export interface EntityMergesTable {
  id: Generated<number>;
  from_id: number;
  into_id: number;
  reason: string;
  evidence: string;
  created_at: string;
  undone_at: string | null;
}

/** The learned relevance model (0018_experiments, ADR 0030): one row (id 1), its JSON or null when out of the ranking. */
export interface RelevanceModelTable {
  id: number;
  model: string | null;
  fingerprint: string;
  trained_at: string;
}

/** One backtest run (0018_experiments): what was compared (JSON) and the side-by-side result (JSON). */
export interface ExperimentsTable {
  id: Generated<number>;
  created_at: string;
  winner: string | null;
  params: string;
  result: string;
}

/** 0018_experiments's tables, merged into `Database`. */
export interface Database {
  relevance_model: RelevanceModelTable;
  experiments: ExperimentsTable;
}

/** The LLM's research topic of an item's content (issue 16): null when it named none of the taxonomy. */
export interface ItemLlmTopicsTable {
  item_id: number;
  topic: string | null;
  content_hash: string;
  assigned_at: string;
}

/** The discovery-alert outbox (0016_alert_outboxes): one row per (item, channel). */
export interface DiscoveryNotificationsTable {
  item_id: number;
  channel: string;
  status: string;
  attempts: number;
  /** The discovery as alerted (JSON). */
  payload: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** The tables of the alert outboxes (used with `db.withTables`, so `Database` stays as it is). */
export type AlertOutboxTables = {
  discovery_notifications: DiscoveryNotificationsTable;
};

/** Dense vectors of the embedding provider (0022_embeddings), by model and hash of the text embedded. */
export interface EmbeddingsTable {
  model: string;
  text_hash: string;
  dims: number;
  /** Float32 little-endian. */
  vector: Buffer;
  created_at: string;
}

/** 0022_embeddings's table, merged into `Database`. */
export interface Database {
  embeddings: EmbeddingsTable;
}
