import { isAppError } from '../domain/errors.js';
import type { SourceName } from '../domain/item.js';
import type { Logger } from '../observability/logger.js';
import type { PipelineDeps } from './deps.js';

/** The message stored as a source's last error: code and message, one line, bounded. */
export const healthMessage = (err: unknown): string => {
  const text = isAppError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000);
};

/**
 * Stores one source run's outcome (per-source health, `harvest sources`). A store error here is
 * logged, never thrown: health is bookkeeping and must not fail the fetch it describes.
 */
export const recordSourceHealth = async (deps: Pick<PipelineDeps, 'store' | 'clock'>, source: SourceName, fetched: number, failure: unknown, log: Logger): Promise<void> => {
  const now = deps.clock.now();
  try {
    if (failure === undefined) {
      await deps.store.sourceState.recordSuccess(source, now.toISOString(), fetched);
      return;
    }
    const limitedFor = isAppError(failure) && failure.code === 'UPSTREAM_RATE_LIMITED' ? failure.retryAfterSeconds : undefined;
    const until = limitedFor === undefined ? null : new Date(now.getTime() + limitedFor * 1000).toISOString();
    await deps.store.sourceState.recordFailure(source, now.toISOString(), healthMessage(failure), until);
  } catch (err) {
    log.warn({ err: healthMessage(err) }, 'could not record source health');
  }
};
