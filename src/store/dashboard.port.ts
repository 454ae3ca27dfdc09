import type { SourceName } from '../domain/item.js';
import type { SignalPageQuery } from './signals.port.js';

/** The filters of `GET /signals`, without paging or sorting. */
export type SignalFilters = Pick<SignalPageQuery, 'search' | 'status' | 'source' | 'category' | 'sentiment' | 'minSalience' | 'since'>;

/** Bucket width of a volume series: hours for a day's window, days for longer ones. */
export type VolumeBucket = 'hour' | 'day';

export interface VolumeQuery {
  /** Only items created at or after this instant (ISO-8601 UTC). */
  since: string;
  bucket: VolumeBucket;
}

/** Items created in one bucket with one key (a category, or `unanalysed`; or a source). */
export interface VolumeRow {
  /** The bucket's start, ISO-8601 UTC (`2026-11-20T18:00:00.000Z`). */
  bucket: string;
  key: string;
  count: number;
}

/** What the dashboard's signal detail shows beyond the signal itself: the full analysis. */
export interface AnalysisDetail {
  itemId: number;
  category: string;
  sentiment: string;
  sentimentScore: number;
  urgency: number;
  confidence: number;
  tags: string[];
  /** products, organisations, people, hashtags, handles. */
  entities: Record<string, string[]>;
  reasoning: string;
  provider: string;
  model: string;
  promptVersion: string;
  /** True when the heuristic stood in for a failing provider. */
  fallback: boolean;
  analyzedAt: string;
  authorName: string | null;
  authorFollowers: number | null;
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
