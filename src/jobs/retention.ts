import type { Config } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../store/store.port.js';

/** The retention settings (`api.snapshotRetention`, `api.jobRetention`); 0 means no limit. */
export type RetentionConfig = Pick<Config['api'], 'snapshotRetention' | 'jobRetention'>;

export interface RetentionDeps {
  store: Store;
  clock: Clock;
}

const hoursAgo = (clock: Clock, hours: number): string => new Date(clock.now().getTime() - hours * 3_600_000).toISOString();

/** Deletes the finished snapshots older than `maxAgeHours` or beyond the newest `maxCount`, with their content. */
export const pruneSnapshots = (deps: RetentionDeps, r: RetentionConfig['snapshotRetention']): Promise<number> =>
  deps.store.snapshots.prune({
    createdBefore: r.maxAgeHours > 0 ? hoursAgo(deps.clock, r.maxAgeHours) : undefined,
    keep: r.maxCount > 0 ? r.maxCount : undefined,
  });

/** Deletes the finished jobs that ended more than `maxAgeHours` ago. */
export const pruneJobs = async (deps: RetentionDeps, r: RetentionConfig['jobRetention']): Promise<number> =>
  r.maxAgeHours > 0 ? deps.store.jobs.prune(hoursAgo(deps.clock, r.maxAgeHours)) : 0;

/**
 * Applies both retention rules (ADR 0019). Run at `serve` start and after each pipeline run of the
 * CLI, the daemon and `serve --schedule`; snapshots are also pruned after each new one, jobs when one starts.
 */
export const sweepRetention = async (deps: RetentionDeps, r: RetentionConfig): Promise<{ snapshots: number; jobs: number }> => ({
  snapshots: await pruneSnapshots(deps, r.snapshotRetention),
  jobs: await pruneJobs(deps, r.jobRetention),
});

/** `sweepRetention` for the end of a pipeline run: logs what it deleted, and a failure only as a warning. */
export const sweepRetentionAfterRun = async (deps: RetentionDeps & { log: Logger }, r: RetentionConfig): Promise<void> => {
  try {
    const n = await sweepRetention(deps, r);
    if (n.snapshots + n.jobs > 0) deps.log.info(n, 'deleted snapshots and jobs past their retention');
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'could not apply the snapshot and job retention');
  }
};
