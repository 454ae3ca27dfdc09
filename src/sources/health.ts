import type { SourceStateRecord, SourceStateRepository } from '../store/source-state.port.js';
import { DESCRIBED_SOURCE_NAMES, type DescribedSourceName } from './registry.js';

/** The sources `harvest sources` and `GET /sources` list: every descriptor, in registry order. */
export const LISTED_SOURCES: readonly ListedSource[] = DESCRIBED_SOURCE_NAMES;
export type ListedSource = DescribedSourceName;

export type SourceHealthState = 'ok' | 'failing' | 'rate_limited' | 'never_run' | 'disabled';

/**
 * One source's health: the cross-issue contract of `GET /sources` and `harvest sources --json`:
 * the stored record's fields (nulls and 0 before the first run) plus name, enabled, state, items.
 */
export interface SourceHealth extends Omit<SourceStateRecord, 'source'> {
  name: ListedSource;
  enabled: boolean;
  state: SourceHealthState;
  itemsTotal: number;
}

/**
 * Every listed source with its state (pure): `disabled` when not configured or switched off;
 * `rate_limited` while the last failure's limit lasts; `failing` after a failure not yet followed
 * by a success; `ok` after a success; `never_run` otherwise.
 */
export const buildSourceHealth = (
  enabled: ReadonlySet<string>,
  records: readonly SourceStateRecord[],
  itemCounts: Readonly<Record<string, number>>,
  now: Date,
): SourceHealth[] => {
  const byName = new Map(records.map((r) => [r.source, r] as const));
  return LISTED_SOURCES.map((name) => {
    const r = byName.get(name);
    const on = enabled.has(name);
    const limited = typeof r?.rateLimitedUntil === 'string' && Date.parse(r.rateLimitedUntil) > now.getTime();
    const state: SourceHealthState = !on
      ? 'disabled'
      : limited
        ? 'rate_limited'
        : (r?.consecutiveFailures ?? 0) > 0
          ? 'failing'
          : r?.lastSuccessAt
            ? 'ok'
            : 'never_run';
    return {
      name,
      enabled: on,
      state,
      lastSuccessAt: r?.lastSuccessAt ?? null,
      lastErrorAt: r?.lastErrorAt ?? null,
      lastError: r?.lastError ?? null,
      consecutiveFailures: r?.consecutiveFailures ?? 0,
      rateLimitedUntil: r?.rateLimitedUntil ?? null,
      lastFetchedCount: r?.lastFetchedCount ?? null,
      itemsTotal: itemCounts[name] ?? 0,
    };
  });
};

/** Reads the stored health of every listed source; `enabled` are the names of the sources built from config. */
export const readSourceHealth = async (
  store: { sourceState: Pick<SourceStateRepository, 'list' | 'itemCounts'> },
  enabled: readonly string[],
  now: Date,
): Promise<SourceHealth[]> => {
  const [records, counts] = await Promise.all([store.sourceState.list(), store.sourceState.itemCounts()]);
  return buildSourceHealth(new Set(enabled), records, counts, now);
};
