import { afterEach, beforeEach } from 'vitest';
import { startApiFake, type ApiFake } from '../fakes/api-fake.js';
import { storeTargets } from './stores.js';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';
import type { Metrics } from '../../src/observability/metrics.port.js';
import { runFetch, type FetchResult } from '../../src/pipeline/fetch.stage.js';
import type { Clock, Sleep } from '../../src/platform/clock.js';
import type { HttpClient } from '../../src/platform/http.js';
import type { SourceHttpDeps } from '../../src/sources/shared/source-http.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Item } from '../../src/domain/item.js';
import type { Store } from '../../src/store/store.port.js';
import { loopbackHttp } from './http.js';

/** A recording Metrics port (only the source hooks are of interest here). */
export const recordingMetrics = (): Metrics & { calls: string[] } => {
  const calls: string[] = [];
  const rec =
    (name: string) =>
    (...args: unknown[]): void => {
      calls.push(`${name}(${args.map(String).join(',')})`);
    };
  return {
    calls,
    pipelineStage: rec('pipelineStage'),
    sourceFetched: rec('sourceFetched'),
    sourceError: rec('sourceError'),
    sourceRateLimited: rec('sourceRateLimited'),
    sourceSuccess: rec('sourceSuccess'),
    analyzerRequest: rec('analyzerRequest'),
    analyzerTokens: rec('analyzerTokens'),
    analyzerCost: rec('analyzerCost'),
    analyzerFallback: rec('analyzerFallback'),
    analyzerBudgetRemaining: rec('analyzerBudgetRemaining'),
    notification: rec('notification'),
  };
};

export interface SourceHarness {
  deps: SourceHttpDeps;
  sleeps: number[];
  logLines: string[];
  log: Logger;
  metrics: ReturnType<typeof recordingMetrics>;
}

/** Deps for a source under test: loopback-only HTTP, a fixed clock, a sleep that records instead of waiting. */
export const sourceHarness = (clock: Clock, http: HttpClient = loopbackHttp()): SourceHarness => {
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
  };
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', format: 'json', destination: { write: (line: string) => void logLines.push(line) } });
  const metrics = recordingMetrics();
  return { deps: { http, clock, sleep, metrics, random: () => 0 }, sleeps, logLines, log, metrics };
};

/** Runs the real fetch stage for one source into a real store (health recorded as in production). */
export const fetchInto = async (store: Store, source: Source, h: SourceHarness, clock: Clock): Promise<FetchResult> =>
  runFetch({
    store,
    sources: [source],
    metrics: h.metrics,
    analyzer: createHeuristicAnalyzer({ products: [], competitors: [], organisations: [] }),
    notifiers: [],
    clock,
    log: h.log,
    scoring: scoringConfigSchema.parse({}),
    batchSize: 100,
  });

/** Every stored item of a source, by external id. */
export const storedItems = async (store: Store, source: Item['source'], externalIds: readonly string[]): Promise<Item[]> => {
  const out: Item[] = [];
  for (const id of externalIds) {
    const item = await store.findItem(source, id);
    if (item) out.push(item);
  }
  return out;
};

/** What each source test starts with: the loopback API fake, a fresh SQLite store, a harness. */
export interface SourceTestbed {
  fake: ApiFake;
  store: Store;
  h: SourceHarness;
}

/**
 * Registers the per-test setup every source test shares (a fresh fake, store and harness before each
 * test; fake and store closed after) and hands each test's set to `use`.
 */
export const eachSourceTest = (clock: Clock, use: (bed: SourceTestbed) => void): void => {
  let bed: SourceTestbed | undefined;
  beforeEach(async () => {
    const sqlite = storeTargets()[0];
    if (!sqlite) throw new Error('no SQLite target');
    bed = { fake: await startApiFake(), store: await sqlite.open(clock), h: sourceHarness(clock) };
    use(bed);
  });
  afterEach(async () => {
    await bed?.fake.close();
    await bed?.store.close();
    bed = undefined;
  });
};
