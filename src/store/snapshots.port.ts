import type { Category, Sentiment } from '../domain/analysis.js';
import type { SourceName } from '../domain/item.js';

export const SNAPSHOT_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

/** `processing` while the file is written; then `ready` (file on disk) or `failed` (with an error). */
export const SNAPSHOT_STATUSES = ['processing', 'ready', 'failed'] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

/** The filtered set a snapshot exports; the same filters as `GET /items`. */
export interface SnapshotFilters {
  category?: Category;
  sentiment?: Sentiment;
  source?: SourceName;
  minSalience?: number;
  /** Only signals created in the last `hours` before the snapshot was taken. */
  hours?: number;
  /** Case-insensitive substring of title or text. */
  search?: string;
}

/** One export snapshot: a file of a filtered set of signals, with its checksum once written. */
export interface Snapshot {
  /** A UUID; also the file's base name. */
  id: string;
  status: SnapshotStatus;
  format: SnapshotFormat;
  filters: SnapshotFilters;
  /** Where the file was written (set when ready). */
  path: string | null;
  bytes: number | null;
  rows: number | null;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string | null;
  /** Why it failed (failed only); never contains secrets. */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface SnapshotWritten {
  path: string;
  bytes: number;
  rows: number;
  sha256: string;
}

export interface SnapshotListQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
  status?: SnapshotStatus;
}

/**
 * Export snapshots (SPEC 4.2). The repository records them; writing the file is the caller's job
 * (src/export/signals.export.ts). Times come from the store's clock.
 */
export interface SnapshotsRepository {
  /** Records a new snapshot as `processing`, created now. */
  create(input: { id: string; format: SnapshotFormat; filters: SnapshotFilters }): Promise<Snapshot>;
  /** `processing` → `ready` with the file's facts; undefined when no such processing snapshot. */
  complete(id: string, written: SnapshotWritten): Promise<Snapshot | undefined>;
  /** `processing` → `failed` with the reason; undefined when no such processing snapshot. */
  fail(id: string, error: string): Promise<Snapshot | undefined>;
  get(id: string): Promise<Snapshot | undefined>;
  /** Newest first, with the count of every snapshot matching the same filter. */
  list(q: SnapshotListQuery): Promise<{ items: Snapshot[]; total: number }>;
  /**
   * Snapshots still `processing` that were created before `createdBefore` (a crashed writer's)
   * become `failed`, so none stays processing forever. Returns how many.
   */
  failStale(createdBefore: string): Promise<number>;
}
