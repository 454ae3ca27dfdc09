/** Series kinds with volumes (`entity:<id>`: an entity's items, counted after the entities stage; ADR 0025 amendment). */
export const SERIES_KINDS = ['category', 'source', 'tag', 'term', 'story', 'entity'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export type Resolution = '5m' | '1h' | '1d';

export interface VolumePoint {
  /** ISO-8601 UTC start of the bucket. */
  bucket: string;
  count: number;
}

/** An analysed item not yet counted in any series: what the series keys are derived from. */
export interface CountableItem {
  itemId: number;
  source: string;
  createdAt: string;
  title: string | null;
  text: string;
  category: string;
  tags: string[];
}

/** A story member to count in its story's series. */
export interface StoryMemberCount {
  itemId: number;
  storyId: number;
  createdAt: string;
}

/** An item naming an entity, to count in the series of the entity's canonical one (`entity:<id>`). */
export interface EntityMemberCount {
  itemId: number;
  /** The canonical entity (the one it is merged into, or itself). */
  entityId: number;
  createdAt: string;
}

/** Which items may belong to an item's own series (one field set, by its kind). */
export interface SeriesFilter {
  category?: string;
  source?: string;
  tag?: string;
  words?: string[];
}

/** One item's contribution: its 5-minute bucket and the series it counts in. */
export interface ItemCount {
  itemId: number;
  bucket: string;
  keys: string[];
}

export interface SeriesState {
  key: string;
  kind: SeriesKind;
  /** The detector's state (JSON), or null before the first bucket was scored. */
  state: string | null;
  /** The last 5-minute bucket scored. */
  scoredThrough: string | null;
  lastScore: number;
  /** The spike still going on, if any. */
  openSpikeId: number | null;
}

export interface NewSpike {
  key: string;
  kind: SeriesKind;
  startedAt: string;
  score: number;
  count: number;
  expected: number;
  spread: number;
  p: number;
  /** Items in the hour up to and including the spike's bucket. */
  hourCount: number;
  /** The first bucket after it whose score fell below the threshold; null while it goes on. */
  endedAt: string | null;
  peakScore: number;
}

export interface Spike extends NewSpike {
  id: number;
  createdAt: string;
}

export interface SpikeQuery {
  /** Spikes that started at or after this instant. */
  since?: string;
  key?: string;
  limit: number;
}

/** What one scoring pass of a series writes, in one transaction. */
export interface ScoredSeries {
  state: SeriesState;
  /** Spikes raised in this pass (a spike already recorded for the same series and start is kept as it was). */
  spikes: NewSpike[];
  /** The spike open before this pass (`state.openSpikeId`): its peak in this pass and when it ended (null: still going). */
  open?: { peak: number; endedAt: string | null };
}

export type SpikeAlertStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';

/**
 * Volumes per series and bucket, the detector's state per series, spikes and their outbox
 * (migration 0013_volumes, ADR 0025). Counting is incremental: each item is counted once per
 * series, in the same transaction as the increments.
 */
export interface VolumesRepository {
  /** Analysed items not yet counted in their own series, oldest id first; `afterId` continues a pass. */
  uncounted(limit: number, afterId?: number): Promise<CountableItem[]>;
  /** Story members not yet counted in their story's series (`story:<id>`; after a merge, the surviving story's), oldest item first. */
  uncountedStoryMembers(limit: number): Promise<StoryMemberCount[]>;
  /**
   * The canonical entities that get a series: every entity that has one already (`entity:<id>`), then,
   * while fewer than `maxSeries` exist, the entities with the most items (at least `minItems`,
   * merged ones' items included), ties by id.
   */
  entitySeriesIds(minItems: number, maxSeries: number): Promise<number[]>;
  /** Links of already-counted items to these canonical entities not yet counted in `entity:<id>`, oldest item first. */
  uncountedEntityMembers(entityIds: readonly number[], limit: number): Promise<EntityMemberCount[]>;
  /**
   * Counts each item in its own series (category, source, tags, terms; 5m, 1h, 1d buckets) and
   * marks it counted, in one transaction; an item already marked counts nothing. Returns the items counted.
   */
  count(items: readonly ItemCount[]): Promise<number>;
  /**
   * Counts items in story and entity series, once per (series, item), remembering which item counted
   * where (for `topItems`); returns the increments made.
   */
  countMembers(items: readonly ItemCount[]): Promise<number>;
  /** Counts of one series between two bucket starts (inclusive), oldest first; missing buckets are absent (0). */
  series(key: string, resolution: Resolution, from: string, to: string): Promise<VolumePoint[]>;
  /** Every series with volumes, with the first 5-minute bucket that has a count. */
  seriesKeys(): Promise<Array<{ key: string; firstBucket: string }>>;
  states(): Promise<SeriesState[]>;
  /** Saves a series' state and the spikes its pass raised; returns the ids of spikes newly recorded. */
  saveScored(scored: ScoredSeries, now: string): Promise<number[]>;
  spikes(q: SpikeQuery): Promise<Spike[]>;
  /** The top item ids (by salience) counted in a story or entity series between two bucket starts. */
  topItems(key: string, from: string, to: string, limit: number): Promise<number[]>;
  /**
   * Counted items created in [from, to) that may be in an item's own series, most salient first:
   * those with this category, source or tag, or whose title or text holds every one of `words`
   * (lower case); the caller confirms membership with the series' own rule.
   */
  candidateItems(filter: SeriesFilter, from: string, to: string, limit: number): Promise<Array<CountableItem & { salience: number }>>;
  /** Rows left `sending` by a crash become `unknown` (never re-sent automatically). */
  recoverAlerts(channel: string, now: string): Promise<number>;
  /** Queues spikes of these kinds started at or after `since` that have no row for the channel; returns how many. */
  enqueueAlerts(channel: string, since: string, now: string, kinds: readonly SeriesKind[]): Promise<number>;
  pendingAlerts(channel: string, limit: number): Promise<Spike[]>;
  /** pending → sending (attempts + 1); false when it was no longer pending. */
  claimAlert(spikeId: number, channel: string, now: string): Promise<boolean>;
  completeAlert(spikeId: number, channel: string, status: Exclude<SpikeAlertStatus, 'sending'>, now: string, error?: string): Promise<void>;
  alerts(channel?: string): Promise<Array<{ spikeId: number; channel: string; status: SpikeAlertStatus; attempts: number }>>;
}
