import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import { createDemoSource } from '../../src/sources/demo/demo.source.js';
import type { Store } from '../../src/store/store.port.js';
import type { StoreTarget } from './stores.js';

export const DEMO_NOW = new Date('2026-11-20T18:30:00.000Z');

/** A fresh store holding the bundled demo corpus, analysed and scored (no Slack). */
export const demoStore = async (target: Pick<StoreTarget, 'name' | 'open'>, clock: Clock = fixedClock(DEMO_NOW)): Promise<Store> => loadDemo(await target.open(clock), clock);

/** Fetches, analyses and scores the bundled demo corpus into `store`; returns it. */
export const loadDemo = async (store: Store, clock: Clock = fixedClock(DEMO_NOW)): Promise<Store> => {
  await runPipeline({
    store,
    sources: [createDemoSource({ batchSize: 1000 })],
    analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'] }),
    notifiers: [],
    clock,
    log: silentLogger(),
    scoring: scoringConfigSchema.parse({}),
    batchSize: 1000,
  });
  return store;
};
