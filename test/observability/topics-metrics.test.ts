import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPromMetrics } from '../../src/observability/prometheus/prom.metrics.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString();

/** `harvest_topic_items{topic}` and `harvest_discoveries{topic}` over the topics window, read from the store at scrape time. */
describe.each(storeTargets())('topic metrics on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open(fixedClock(NOW));
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts each topic\'s items and discoveries created within the window, and nothing older', async () => {
    const ages = [1, 2, 5, 30, 100];
    await store.saveFetchBatch('arxiv', ages.map((h, i) => newItem(i + 1, { source: 'arxiv', createdAt: hoursAgo(h) })));
    const tops = ['quantum', 'quantum', 'energy', 'quantum', 'quantum'];
    const rows = tops.map((top, i) => ({ itemId: i + 1, topics: [{ name: top, score: 0.9 }], top, topScore: 0.9, origin: 'model' as const, createdAt: hoursAgo(ages[i] ?? 0) }));
    const discoveries = [1, 3, 5].map((id) => ({ itemId: id, topic: tops[id - 1] ?? null, score: 60, breakdown: { novelty: 50 }, createdAt: hoursAgo(ages[id - 1] ?? 0) }));
    await store.topics.saveItemTopics(rows, NOW.toISOString(), { discoveries, centroids: [] });

    const metrics = createPromMetrics({ version: 'test', defaultMetrics: false, clock: fixedClock(NOW) });
    metrics.watchStore({ store, topicsWindowHours: 24 });
    const text = await metrics.render();
    expect(text).toContain('harvest_topic_items{topic="quantum"} 2');
    expect(text).toContain('harvest_topic_items{topic="energy"} 1');
    expect(text).toContain('harvest_discoveries{topic="quantum"} 1');
    expect(text).toContain('harvest_discoveries{topic="energy"} 1');

    const wide = createPromMetrics({ version: 'test', defaultMetrics: false, clock: fixedClock(NOW) });
    wide.watchStore({ store, topicsWindowHours: 72 });
    const all = await wide.render();
    expect(all).toContain('harvest_topic_items{topic="quantum"} 3');
    expect(all).toContain('harvest_discoveries{topic="quantum"} 1');
  });
});
