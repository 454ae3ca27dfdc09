/*
 * Echo fed from the stored stories (issue 16, ADR 0024 amended): a discovery's echo part counts the
 * distinct sources of its item's story, and is rescored when the story later spans more sources.
 * Real stories stage, real store (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runStories } from '../../src/pipeline/stories.stage.js';
import { runTopics } from '../../src/pipeline/topics.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { discoveryScore } from '../../src/topics/discovery.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);
const PAPER = 'https://arxiv.org/abs/2411.04321';
const TITLE = 'Logical qubits below threshold on a trapped-ion quantum computer';

const pipelineDeps = (store: Store): PipelineDeps => ({
  store, sources: [], analyzer: createHeuristicAnalyzer({ products: [], competitors: [] }), notifiers: [], clock, log: silentLogger(), scoring: scoringConfigSchema.parse({}), batchSize: 100,
});

describe.each(storeTargets())('discovery echo from stories on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open(clock);
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts the sources of the item\'s story, and rescores when the story reaches another source', async () => {
    const topics = topicsConfigSchema.parse({});
    await store.saveFetchBatch('arxiv', [newItem(1, { source: 'arxiv', url: PAPER, title: TITLE, text: TITLE, createdAt: '2026-11-20T08:00:00.000Z' })]);
    await store.saveFetchBatch('hackernews', [newItem(2, { source: 'hackernews', url: PAPER, title: TITLE, text: TITLE, createdAt: '2026-11-20T09:00:00.000Z' })]);
    await runStories(pipelineDeps(store));
    expect(await store.topics.storySources([1, 2, 99])).toEqual(new Map([[1, 2], [2, 2]]));

    const first = await runTopics({ store, clock, log: silentLogger(), topics });
    expect(first.discoveries).toBe(2);
    const echoOf = async (): Promise<Map<number, number | undefined>> => new Map((await store.topics.discoveries({ since: '2026-01-01T00:00:00.000Z', limit: 10 })).map((d) => [d.itemId, d.breakdown.echo]));
    expect(await echoOf()).toEqual(new Map([[1, 50], [2, 50]]));

    // A Reddit post of the same paper joins the story: the two earlier discoveries are rescored.
    await store.saveFetchBatch('reddit', [newItem(3, { source: 'reddit', url: PAPER, title: TITLE, text: TITLE, createdAt: '2026-11-20T10:00:00.000Z' })]);
    await runStories(pipelineDeps(store));
    const second = await runTopics({ store, clock, log: silentLogger(), topics });
    expect([second.ok, second.rescored]).toEqual([1, 2]);
    expect(await echoOf()).toEqual(new Map([[1, 66.7], [2, 66.7], [3, 66.7]]));
    for (const d of await store.topics.discoveries({ since: '2026-01-01T00:00:00.000Z', limit: 10 })) {
      expect(d.score).toBe(discoveryScore({ novelty: d.breakdown.novelty ?? 0, emergence: d.breakdown.emergence ?? 0, echo: 66.7, obscurity: d.breakdown.obscurity ?? 0, recency: d.breakdown.recency ?? 0 }, topics.discovery.weights));
    }
    // Nothing changed since: nothing rewritten.
    expect((await runTopics({ store, clock, log: silentLogger(), topics })).rescored).toBe(0);
  });
});

describe.each(storeTargets())('abstaining on product chatter on $name', (target) => {
  it('an item whose best topic is under topics.minScore gets no research topic, and is not a discovery', async () => {
    const store = await target.open(clock);
    try {
      await store.saveFetchBatch('hackernews', [
        newItem(1, { text: 'anyway we are hiring! Senior backend engineer, remote EU. https://github.com/acme/jobs' }),
        newItem(2, { source: 'arxiv', title: 'Trapped-ion quantum computer reaches record qubit fidelity', text: 'qubits' }),
      ]);
      await runTopics({ store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({}) });
      const topics = await store.topics.itemTopics([1, 2]);
      expect(topics.get(1)).toEqual([]);
      expect(topics.get(2)?.[0]?.name).toBe('quantum');
      const found = await store.topics.discoveries({ since: '2026-01-01T00:00:00.000Z', limit: 10 });
      expect(found.map((d) => d.itemId)).toEqual([2]);
      expect((await store.topics.trending('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', NOW.toISOString())).map((t) => t.topic)).toEqual(['quantum']);
    } finally {
      await store.close();
    }
  });
});
