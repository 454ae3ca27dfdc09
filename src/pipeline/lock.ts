import { conflict } from '../domain/errors.js';
import type { Store } from '../store/store.port.js';

export const PIPELINE_BUSY_MESSAGE = 'another pipeline run is in progress on this database (the pipeline lock is held); this run was skipped';

/**
 * Runs `fn` under the store's pipeline lock, so pipeline runs (and notify runs, which recover
 * interrupted outbox rows) never overlap across processes. Throws CONFLICT when the lock is held.
 */
export const underPipelineLock = async <T>(store: Store, fn: () => Promise<T>): Promise<T> => {
  const outcome = await store.withPipelineLock(fn);
  if (!outcome.acquired) throw conflict(PIPELINE_BUSY_MESSAGE, { status: 409, retryable: true });
  return outcome.value;
};
