import type { MutedView } from '../domain/mute.js';
import type { Category, Sentiment } from '../domain/analysis.js';
import type { SourceName } from '../domain/item.js';

export const SNAPSHOT_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

/** `processing` while the content is written; then `ready` (content in the store) or `failed` (with an error). */
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
  /** Signals a mute rule matches (as the rules stand when the snapshot is taken): `exclude` (absent: the default), `include` or `only` (ADR 0029). */
  muted?: MutedView;
}

/** One export snapshot: the export of a filtered set of signals, with its checksum once written. */
export interface Snapshot {
  /** A UUID; also the download's file name. */
  id: string;
  status: SnapshotStatus;
  format: SnapshotFormat;
  filters: SnapshotFilters;
  bytes: number | null;
  rows: number | null;
  /** Hex SHA-256 of the content's bytes. */
  sha256: string | null;
  /** Why it failed (failed only); never contains secrets. */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface SnapshotWritten {
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

/** What `prune` removes: finished snapshots created before `createdBefore`, and those beyond the newest `keep`. */
export interface SnapshotRetention {
  /** ISO instant; undefined = no age limit. */
  createdBefore?: string;
  /** How many finished snapshots to keep, newest first; undefined = no count limit. */
  keep?: number;
}

/**
 * Export snapshots (SPEC 4.2): their records and their content, stored in chunks so any replica
 * serves any snapshot (ADR 0019). Producing the content is the caller's job
 * (src/export/signals.export.ts). Times come from the store's clock.
 */
export interface SnapshotsRepository {
  /** Records a new snapshot as `processing`, created now. */
  create(input: { id: string; format: SnapshotFormat; filters: SnapshotFilters }): Promise<Snapshot>;
  /**
   * Stores chunk `seq` (0, 1, …) of a snapshot's content. Fails when the snapshot was deleted
   * meanwhile (its writer then stops).
   */
  appendChunk(id: string, seq: number, data: Uint8Array): Promise<void>;
  /** Chunk `seq` of a snapshot's content; undefined past the last one (or when there is none). */
  readChunk(id: string, seq: number): Promise<Buffer | undefined>;
  /** `processing` → `ready` with the content's facts; undefined when no such processing snapshot. */
  complete(id: string, written: SnapshotWritten): Promise<Snapshot | undefined>;
  /** `processing` → `failed` with the reason, its chunks removed; undefined when no such processing snapshot. */
  fail(id: string, error: string): Promise<Snapshot | undefined>;
  /**
   * Deletes a finished (ready or failed) snapshot and its content. Returns the deleted snapshot, or
   * undefined when none was deleted: unknown, or still `processing` (callers tell the two apart with `get`).
   */
  deleteFinished(id: string): Promise<Snapshot | undefined>;
  /** Deletes the finished snapshots (and content) that `retention` does not keep; never a processing one. Returns how many. */
  prune(retention: SnapshotRetention): Promise<number>;
  get(id: string): Promise<Snapshot | undefined>;
  /** Newest first, with the count of every snapshot matching the same filter. */
  list(q: SnapshotListQuery): Promise<{ items: Snapshot[]; total: number }>;
  /**
   * Snapshots still `processing` that were created before `createdBefore` (a crashed writer's)
   * become `failed` and lose their partial content, so none stays processing forever. Returns how many.
   */
  failStale(createdBefore: string): Promise<number>;
}
