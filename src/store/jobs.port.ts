/** What a job does: set the status of many signals, delete many signals, or run the pipeline. */
export const JOB_KINDS = ['bulk-status', 'bulk-triage', 'bulk-delete', 'refresh'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** queued → running → succeeded | failed | cancelled (a queued job may also go straight to cancelled or failed). */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_JOB_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

export const isTerminalJobStatus = (s: JobStatus): s is TerminalJobStatus => (TERMINAL_JOB_STATUSES as readonly string[]).includes(s);

/** A job as stored: any replica can report, stream or cancel it. Times are ISO-8601 UTC. */
export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  /** Units of work (ids for bulk jobs, 1 for a refresh). */
  total: number;
  done: number;
  failed: number;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  cancelRequested: boolean;
  createdAt: string;
  updatedAt: string;
  /** Last sign of life from the process running it; null until claimed. */
  heartbeatAt: string | null;
  /** The process that created it, `host:pid:instance` (null for jobs of older versions). */
  owner: string | null;
}

/**
 * Store-backed jobs. Transitions are guarded in SQL so two processes never both run a job and a
 * terminal job never changes again.
 */
export interface JobsRepository {
  /** Inserts a `queued` job. */
  create(kind: JobKind, params: Record<string, unknown>, total: number, owner?: string): Promise<Job>;
  /**
   * Inserts a `queued` job unless a job of the same kind is queued or running; the check and the
   * insert are one exclusive transaction (advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite).
   * Returns undefined when another one is active.
   */
  createExclusive(kind: JobKind, params: Record<string, unknown>, total: number, owner?: string): Promise<Job | undefined>;
  get(id: string): Promise<Job | undefined>;
  /** queued → running with a first heartbeat; false when someone else claimed it or it was cancelled. */
  claim(id: string): Promise<boolean>;
  /**
   * Adds to `done`/`failed` and refreshes the heartbeat of a running job (zeros = heartbeat only).
   * Returns the job after the update (callers read `cancelRequested`), or undefined when it is not running.
   */
  progress(id: string, delta?: { done?: number; failed?: number }): Promise<Job | undefined>;
  /**
   * Moves a non-terminal job to `status`, with an optional result and error. Returns the updated job,
   * or undefined when the job is unknown or already terminal (the first terminal status wins).
   */
  markStatus(id: string, status: JobStatus, result?: Record<string, unknown>, error?: string): Promise<Job | undefined>;
  /**
   * Requests cancellation: a queued job becomes `cancelled` at once, a running job gets
   * `cancelRequested` (its runner stops between chunks). Returns the job after the request, or
   * undefined when there was nothing to cancel (unknown, or already terminal).
   */
  requestCancel(id: string): Promise<Job | undefined>;
  /**
   * Queued or running jobs with no heartbeat (or, never claimed, no update) since `olderThan` become
   * `failed` ("interrupted: no heartbeat since …"): a job whose process died never stays running.
   * Returns how many were failed.
   */
  failStale(olderThan: string): Promise<number>;
  /**
   * Queued or running jobs whose owner `isGone` says is dead become `failed` with `reason`
   * (a restarted server releases its killed predecessor's jobs at once). Returns how many.
   */
  failOrphaned(isGone: (owner: string) => boolean, reason: string): Promise<number>;
}
