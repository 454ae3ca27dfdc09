import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import { entitiesConfigSchema } from '../../src/entities/entities.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runEntities } from '../../src/pipeline/entities.stage.js';
import { runTopics } from '../../src/pipeline/topics.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import { mapArxivEntry, parseArxivFeed } from '../../src/sources/arxiv/map.js';
import type { Store } from '../../src/store/store.port.js';
import { readSample } from '../fakes/api-fake.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);
const ctx = { queryName: 'research', fetchedAt: NOW.toISOString() };

/** The recorded arXiv page (10 papers) as items created in the last days, so topics scores them as discoveries. */
const arxivItems = () =>
  parseArxivFeed(readSample('arxiv/arxivpy_q_testing_s0_m10_bc5a6c384fe9.body.xml')).entries.map((e, i) => ({
    ...mapArxivEntry(e, ctx),
    createdAt: new Date(NOW.getTime() - (i + 1) * 3_600_000).toISOString(),
  }));

describe.each(storeTargets())('entities stage on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open(clock);
    await store.saveFetchBatch('arxiv', arxivItems());
    await store.saveFetchBatch('demo', [newItem(1, { text: 'Brindlepost is down again, switching to Kestrelboard' }), newItem(2, { text: 'brindlepost search is slow' })]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('links authors and names, is idempotent, and rescores discoveries by author prominence', async () => {
    const topics = topicsConfigSchema.parse({});
    await runTopics({ store, clock, log: silentLogger(), topics });
    const before = await store.topics.discoveries({ since: '2000-01-01T00:00:00.000Z', limit: 50 });
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((d) => d.breakdown.obscurity === 50)).toBe(true);

    const deps = { store, clock, log: silentLogger(), entities: entitiesConfigSchema.parse({}), topics };
    const first = await runEntities(deps);
    expect(first).toMatchObject({ ok: 12, failed: 0, rescored: before.length });
    expect((await runEntities(deps)).ok).toBe(0);

    const products = await store.entities.list({ kind: 'product', limit: 10, offset: 0 });
    expect(products.entities[0]).toMatchObject({ name: 'Brindlepost', items: 2 });
    expect(products.entities.map((e) => [e.name, e.items])).toEqual(expect.arrayContaining([['Kestrelboard', 1], ['ChatGPT', 1]]));
    const people = await store.entities.list({ kind: 'person', limit: 200, offset: 0 });
    expect(people.entities.filter((e) => e.namespace === 'arxiv').length).toBeGreaterThan(10);
    // Every paper's authors are new: obscurity from prominence is 100 for the first paper of its authors.
    const after = await store.topics.discoveries({ since: '2000-01-01T00:00:00.000Z', limit: 50 });
    expect(after.every((d) => d.breakdown.obscurity === 100)).toBe(true);
    expect(after[0]?.score).toBeGreaterThan(before[0]?.score ?? 100);
  });

  it('a kill between batches loses nothing: the next run scans only what is left and ends where one run ends', async () => {
    const small = { store, clock, log: silentLogger(), entities: entitiesConfigSchema.parse({ batchSize: 5 }) };
    expect((await runEntities(small)).ok).toBe(5);
    expect((await store.entities.pending(0, 100)).length).toBe(7);
    expect((await runEntities({ ...small, entities: entitiesConfigSchema.parse({}) })).ok).toBe(7);
    const resumed = await store.entities.list({ limit: 500, offset: 0 });

    const fresh = await target.open(clock);
    try {
      await fresh.saveFetchBatch('arxiv', arxivItems());
      await fresh.saveFetchBatch('demo', [newItem(1, { text: 'Brindlepost is down again, switching to Kestrelboard' }), newItem(2, { text: 'brindlepost search is slow' })]);
      await runEntities({ ...small, store: fresh, entities: entitiesConfigSchema.parse({}) });
      const once = await fresh.entities.list({ limit: 500, offset: 0 });
      expect(resumed.entities.map((e) => [e.name, e.items])).toEqual(once.entities.map((e) => [e.name, e.items]));
    } finally {
      await fresh.close();
    }
  });
});
