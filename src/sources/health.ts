import type { SourcePartRecord, SourceStateRecord, SourceStateRepository } from '../store/source-state.port.js';
import { DESCRIBED_SOURCE_NAMES, type DescribedSourceName } from './registry.js';
import type { Source } from './source.port.js';

/** The sources `harvest sources` and `GET /sources` list: every descriptor, in registry order. */
export const LISTED_SOURCES: readonly ListedSource[] = DESCRIBED_SOURCE_NAMES;
export type ListedSource = DescribedSourceName;

export type SourceHealthState = 'ok' | 'degraded' | 'failing' | 'rate_limited' | 'never_run' | 'disabled';
export type PartHealthState = 'ok' | 'failing' | 'never_run';

/** One configured part's health (a feed, a query, a listing, a repository): nulls and 0 before its first run. */
export interface PartHealth extends Omit<SourcePartRecord, 'source'> {
  /** What the part reads (a feed URL with credentials masked), when its key does not say. */
  target: string | null;
  state: PartHealthState;
}

/**
 * One source's health: the cross-issue contract of `GET /sources` and `harvest sources --json`:
 * the stored record's fields (nulls and 0 before the first run) plus name, enabled, state, items,
 * and the configured parts in configuration order (empty for a single-part or disabled source).
 */
export interface SourceHealth extends Omit<SourceStateRecord, 'source'> {
  name: ListedSource;
  enabled: boolean;
  state: SourceHealthState;
  itemsTotal: number;
  parts: PartHealth[];
}

/** A source built from config: its name and, when it has several, its parts. */
export type ConfiguredSource = Pick<Source, 'name' | 'parts'>;

const partHealth = (part: NonNullable<Source['parts']>[number], r: SourcePartRecord | undefined): PartHealth => ({
  key: part.key,
  target: part.target ?? null,
  state: (r?.consecutiveFailures ?? 0) > 0 ? 'failing' : r?.lastSuccessAt ? 'ok' : 'never_run',
  lastSuccessAt: r?.lastSuccessAt ?? null,
  lastErrorAt: r?.lastErrorAt ?? null,
  lastError: r?.lastError ?? null,
  consecutiveFailures: r?.consecutiveFailures ?? 0,
  lastFetchedCount: r?.lastFetchedCount ?? null,
});

/** `failing` when every part that has run is failing, `degraded` when some are, else undefined. */
const partsVerdict = (parts: readonly PartHealth[]): 'failing' | 'degraded' | undefined => {
  const run = parts.filter((p) => p.state !== 'never_run');
  const failing = run.filter((p) => p.state === 'failing').length;
  if (failing === 0) return undefined;
  return failing === run.length ? 'failing' : 'degraded';
};

/**
 * Every listed source with its state (pure): `disabled` when not configured or switched off;
 * `rate_limited` while the last failure's limit lasts; `failing` after a run that delivered
 * nothing, not yet followed by a success, or when every configured part is failing; `degraded`
 * when some configured parts are failing; `ok` after a success; `never_run` otherwise. Parts no
 * longer configured are neither shown nor counted.
 */
export const buildSourceHealth = (
  configured: readonly ConfiguredSource[],
  records: readonly SourceStateRecord[],
  partRecords: readonly SourcePartRecord[],
  itemCounts: Readonly<Record<string, number>>,
  now: Date,
): SourceHealth[] => {
  const byName = new Map(records.map((r) => [r.source, r] as const));
  const partByKey = new Map(partRecords.map((p) => [`${p.source}\u0000${p.key}`, p] as const));
  const sources = new Map(configured.map((s) => [s.name as string, s] as const));
  return LISTED_SOURCES.map((name) => {
    const r = byName.get(name);
    const source = sources.get(name);
    const parts = (source?.parts ?? []).map((p) => partHealth(p, partByKey.get(`${name}\u0000${p.key}`)));
    const limited = typeof r?.rateLimitedUntil === 'string' && Date.parse(r.rateLimitedUntil) > now.getTime();
    const verdict = partsVerdict(parts);
    const state: SourceHealthState = !source
      ? 'disabled'
      : limited
        ? 'rate_limited'
        : (r?.consecutiveFailures ?? 0) > 0
          ? 'failing'
          : verdict !== undefined
            ? verdict
            : r?.lastSuccessAt
              ? 'ok'
              : 'never_run';
    return {
      name,
      enabled: source !== undefined,
      state,
      lastSuccessAt: r?.lastSuccessAt ?? null,
      lastErrorAt: r?.lastErrorAt ?? null,
      lastError: r?.lastError ?? null,
      consecutiveFailures: r?.consecutiveFailures ?? 0,
      rateLimitedUntil: r?.rateLimitedUntil ?? null,
      lastFetchedCount: r?.lastFetchedCount ?? null,
      itemsTotal: itemCounts[name] ?? 0,
      parts,
    };
  });
};

/** Reads the stored health of every listed source; `configured` are the sources built from config. */
export const readSourceHealth = async (
  store: { sourceState: Pick<SourceStateRepository, 'list' | 'listParts' | 'itemCounts'> },
  configured: readonly ConfiguredSource[],
  now: Date,
): Promise<SourceHealth[]> => {
  const [records, parts, counts] = await Promise.all([store.sourceState.list(), store.sourceState.listParts(), store.sourceState.itemCounts()]);
  return buildSourceHealth(configured, records, parts, counts, now);
};
