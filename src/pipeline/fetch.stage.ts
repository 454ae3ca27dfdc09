import { isAppError } from '../domain/errors.js';
import { errorKindOf } from '../observability/error-kind.js';
import type { SourceErrorKind } from '../observability/metrics.port.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';
import { recordSourceHealth } from './source-health.js';

export interface FetchResult extends StageResult {
  inserted: number;
  updated: number;
  bySource: Record<string, { inserted: number; updated: number; error?: string }>;
}

/** The metrics kind of a source failure, from its error code (a bounded set). */
export const sourceErrorKind = (err: unknown): SourceErrorKind => (isAppError(err) ? errorKindOf(err.code, err.message) : 'other');

/**
 * Pulls every enabled source. Each batch and its cursor are stored in one transaction before the
 * next batch is requested, so a crash loses nothing. A failing source is counted and logged and
 * the other sources still run.
 */
export const runFetch = async (deps: PipelineDeps, only?: readonly string[]): Promise<FetchResult> => {
  const t0 = performance.now();
  const result: FetchResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0, inserted: 0, updated: 0, bySource: {} };
  const sources = only ? deps.sources.filter((s) => only.includes(s.name)) : deps.sources;
  for (const source of sources) {
    const log = deps.log.child({ component: 'fetch', source: source.name });
    const tally: { inserted: number; updated: number; error?: string } = { inserted: 0, updated: 0 };
    let fetched = 0;
    let failure: unknown;
    result.bySource[source.name] = tally;
    deps.progress?.start(`fetch ${source.name}`, null);
    try {
      const ctx = { getCursor: (key: string) => deps.store.getCursor(source.name, key), clock: deps.clock, log, signal: deps.signal };
      for await (const batch of source.fetch(ctx)) {
        const counts = await deps.store.saveFetchBatch(source.name, batch.items, batch.cursor);
        tally.inserted += counts.inserted;
        tally.updated += counts.updated;
        fetched += batch.items.length;
        deps.metrics?.sourceFetched(source.name, batch.items.length);
        deps.progress?.advance(batch.items.length);
      }
      deps.metrics?.sourceSuccess(source.name, deps.clock.now().getTime() / 1000);
    } catch (err) {
      failure = err;
      result.failed += 1;
      deps.metrics?.sourceError(source.name, sourceErrorKind(err));
      tally.error = isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
      log.error({ err: tally.error }, 'source failed; items fetched before the failure are kept');
    } finally {
      deps.progress?.stop();
    }
    await recordSourceHealth(deps, source.name, fetched, failure, log);
    result.inserted += tally.inserted;
    result.updated += tally.updated;
    log.info({ inserted: tally.inserted, updated: tally.updated }, 'fetched');
  }
  result.ok = result.inserted + result.updated;
  result.durationMs = elapsed(t0);
  return result;
};
