import type { AnalysisDetail } from '../domain/analysis.schema.js';
import type { SourceName } from '../domain/item.js';
import type { MuteFilter } from '../domain/mute.js';
import type { SignalFilters } from './signals.port.js';

export type { AnalysisDetail } from '../domain/analysis.schema.js';
export type { SignalFilters } from './signals.port.js';

/** Bucket width of a volume series: hours for a day's window, days for longer ones. */
export type VolumeBucket = 'hour' | 'day';

export interface VolumeQuery {
  /** Only items created at or after this instant (ISO-8601 UTC). */
  since: string;
  bucket: VolumeBucket;
  /** Hide (or keep only) the items mute rules match; none: every item. */
  mutes?: MuteFilter;
}

/** Items created in one bucket with one key (a category, or `unanalysed`; or a source). */
export interface VolumeRow {
  /** The bucket's start, ISO-8601 UTC (`2026-11-20T18:00:00.000Z`). */
  bucket: string;
  key: string;
  count: number;
}

/** Read-only aggregates for the web dashboard (SPEC 4.3); every query is bounded by `since`. */
export interface DashboardRepository {
  /** Items per bucket and category (items without analysis count as `unanalysed`), oldest bucket first. */
  volumeByCategory(q: VolumeQuery): Promise<VolumeRow[]>;
  /** Items per bucket and source, oldest bucket first. */
  volumeBySource(q: VolumeQuery): Promise<VolumeRow[]>;
  /** The analysis of one item, or undefined when it has none (or no such item). */
  analysis(itemId: number): Promise<AnalysisDetail | undefined>;
  /** Ids of the signals matching the filters (newest first, at most `limit`) and how many match in all. */
  matchingIds(filters: SignalFilters, limit: number): Promise<{ ids: number[]; total: number }>;
  /** Items stored per source. */
  itemsBySource(): Promise<Partial<Record<SourceName, number>>>;
}
