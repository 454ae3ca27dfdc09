import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoSource, DEFAULT_DEMO_CORPUS } from '../../src/sources/demo/demo.source.js';
import type { Store } from '../../src/store/store.port.js';
import { tempDir, type StoreTarget } from './stores.js';

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

const heads = new Map<number, string>();

/**
 * A corpus file of the bundled demo corpus's first `posts` lines (written once per process): for
 * tests whose point is a stage's behaviour, not the whole corpus's stories (a whole-corpus pipeline
 * costs seconds of CPU on every run).
 */
export const demoCorpusHead = (posts: number): string => {
  let file = heads.get(posts);
  if (file === undefined) {
    file = join(tempDir('harvest-demo-head-'), 'corpus.jsonl');
    const lines = readFileSync(DEFAULT_DEMO_CORPUS, 'utf8').split('\n').filter((l) => l.trim() !== '');
    if (lines.length < posts) throw new Error(`demoCorpusHead: the demo corpus has ${lines.length} posts, fewer than ${posts}`);
    writeFileSync(file, `${lines.slice(0, posts).join('\n')}\n`);
    heads.set(posts, file);
  }
  return file;
};
