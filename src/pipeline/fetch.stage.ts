import { isAppError } from '../domain/errors.js';
import { sanitizeNewItem } from '../domain/item.sanitize.js';
import { errorKindOf } from '../observability/error-kind.js';
import type { SourceErrorKind } from '../observability/metrics.port.js';
import type { NewItem, SourceName } from '../domain/item.js';
import type { Logger } from '../observability/logger.js';
import type { FetchContext, PartOutcome } from '../sources/source.port.js';
import type { UpsertCounts } from '../store/store.port.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';
import { recordSourceHealth } from './source-health.js';

export interface FetchResult extends StageResult {
  inserted: number;
  updated: number;
  /** Of the `failed` sources, those that are degraded: some parts (feeds, queries) failed, others delivered. */
  degraded: number;
  bySource: Record<string, { inserted: number; updated: number; error?: string; degraded?: true }>;
}

/** The metrics kind of a source failure, from its error code (a bounded set). */
export const sourceErrorKind = (err: unknown): SourceErrorKind => (isAppError(err) ? errorKindOf(err.code, err.message) : 'other');

/** The store itself failed (unreachable, busy): retrying item by item cannot help. */
const storeIsDown = (err: unknown): boolean => isAppError(err) && (err.code === 'STORE_UNAVAILABLE' || err.retryable);

/**
 * Stores one batch with its cursor. When the batch is refused for a reason that is not the store
 * being unreachable (one item the database will not take), the items are stored one at a time and
 * the cursor after them: one bad item is logged and skipped, never the batch, never the source.
 */
const saveBatch = async (deps: PipelineDeps, source: SourceName, items: readonly NewItem[], cursor: { key: string; value: string } | undefined, log: Logger): Promise<UpsertCounts> => {
  try {
    return await deps.store.saveFetchBatch(source, items, cursor);
  } catch (err) {
    if (items.length <= 1 || storeIsDown(err)) throw err;
    const counts: UpsertCounts = { inserted: 0, updated: 0 };
    for (const item of items) {
      try {
        const c = await deps.store.saveFetchBatch(source, [item]);
        counts.inserted += c.inserted;
        counts.updated += c.updated;
      } catch (itemErr) {
        if (storeIsDown(itemErr)) throw itemErr;
        log.warn({ externalId: item.externalId, err: (itemErr as Error).message }, 'skipped an item the store refused');
      }
    }
    if (cursor) await deps.store.saveFetchBatch(source, [], cursor);
    return counts;
  }
};

/**
 * Pulls every enabled source. Each batch and its cursor are stored in one transaction before the
 * next batch is requested, so a crash loses nothing. A failing source is counted and logged and
 * the other sources still run; one whose parts partly delivered is also counted as `degraded`.
 */
export const runFetch = async (deps: PipelineDeps, only?: readonly string[]): Promise<FetchResult> => {
  const t0 = performance.now();
  const result: FetchResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0, inserted: 0, updated: 0, degraded: 0, bySource: {} };
  const sources = only ? deps.sources.filter((s) => only.includes(s.name)) : deps.sources;
  for (const source of sources) {
    const log = deps.log.child({ component: 'fetch', source: source.name });
    const tally: FetchResult['bySource'][string] = { inserted: 0, updated: 0 };
    const parts: PartOutcome[] = [];
    let fetched = 0;
    let failure: unknown;
    result.bySource[source.name] = tally;
    deps.progress?.start(`fetch ${source.name}`, null);
    try {
      const ctx: FetchContext = {
        getCursor: (key) => deps.store.getCursor(source.name, key),
        clock: deps.clock,
        log,
        signal: deps.signal,
        reportPart: (outcome) => void parts.push(outcome),
      };
      for await (const batch of source.fetch(ctx)) {
        const counts = await saveBatch(deps, source.name, batch.items.map(sanitizeNewItem), batch.cursor, log);
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
      if (parts.some((p) => p.error === undefined)) {
        tally.degraded = true;
        result.degraded += 1;
      }
      log.error({ err: tally.error, degraded: tally.degraded === true }, 'source failed; items fetched before the failure are kept');
    } finally {
      deps.progress?.stop();
    }
    await recordSourceHealth(deps, source.name, fetched, failure, log, parts);
    result.inserted += tally.inserted;
    result.updated += tally.updated;
    log.info({ inserted: tally.inserted, updated: tally.updated }, 'fetched');
  }
  result.ok = result.inserted + result.updated;
  result.durationMs = elapsed(t0);
  return result;
};
