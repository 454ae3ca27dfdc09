import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runTopics } from '../../src/pipeline/topics.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { parseTopicModel } from '../../src/topics/model.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets, tempDir } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);

const TITLES = [
  'Trapped-ion quantum computer reaches record qubit fidelity',
  'Legged robot learns to climb stairs with a new locomotion policy',
  'Perovskite solar cells hit a new efficiency record',
  'Ransomware group exploits a zero-day vulnerability in VPN appliances',
];

describe.each(storeTargets())('topics stage on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open(clock);
    await store.saveFetchBatch('demo', TITLES.map((t, i) => newItem(i + 1, { title: t, text: t })));
  });
  afterEach(async () => {
    await store.close();
  });

  it('trains the default research taxonomy once, assigns every item, and retrains after a correction', async () => {
    const deps = { store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({}) };
    const first = await runTopics(deps);
    expect([first.ok, first.trained]).toEqual([4, true]);
    const topics = await store.topics.itemTopics([1, 2, 3, 4]);
    expect([1, 2, 3, 4].map((id) => topics.get(id)?.[0]?.name)).toEqual(['quantum', 'robotics', 'energy', 'security']);
    const model = parseTopicModel((await store.topics.activeModel())?.model ?? '', 'stored');
    expect(model.topics).toHaveLength(12);

    const again = await runTopics(deps);
    expect([again.ok, again.trained]).toEqual([0, false]);

    expect(await store.topics.correct(3, 'photonics', NOW.toISOString())).toBe(true);
    const after = await runTopics(deps);
    expect(after.trained).toBe(true);
    expect(parseTopicModel((await store.topics.activeModel())?.model ?? '', 'stored').examples).toBe(model.examples + 1);
    expect((await store.topics.itemTopics([3])).get(3)).toEqual([{ name: 'photonics', score: 1 }]);
  });

  it("a user's own examples file is learnt besides the taxonomy's, and a new label in it becomes a topic", async () => {
    const file = join(tempDir('harvest-topics-own-'), 'own.jsonl');
    const own = ['Deep-sea hydrothermal vent microbes', 'Coral reef bleaching surveys', 'Ocean acidification and plankton', 'Tidal marsh carbon burial'].map((text) => ({ text, label: 'oceans' }));
    writeFileSync(file, `${own.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const r = await runTopics({ store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({ examplesFile: file }) });
    expect(r.trained).toBe(true);
    const model = parseTopicModel((await store.topics.activeModel())?.model ?? '', 'stored');
    expect(model.topics).toContain('oceans');
    expect(model.topics).toHaveLength(13);
  });

  it('a taxonomy over 1,000 topics is refused by the config, naming the field; 1,000 are accepted', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `t${i}`, keywords: [`word${i}`] }));
    const refused = topicsConfigSchema.safeParse({ taxonomy: many(1001) });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['taxonomy'], code: 'too_big' });
    expect(topicsConfigSchema.safeParse({ taxonomy: many(1000) }).success).toBe(true);
  });

  it('a training that fails (an unreadable examples file) leaves the previous model in place', async () => {
    const ok = { store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({}) };
    await runTopics(ok);
    const before = await store.topics.activeModel();
    const file = join(tempDir('harvest-topics-stage-'), 'bad.jsonl');
    writeFileSync(file, '{"text":"fine","label":"quantum"}\n{"text":"","label":"x"}\n');
    await expect(runTopics({ ...ok, topics: topicsConfigSchema.parse({ examplesFile: file }) })).rejects.toThrow(/bad\.jsonl:2: needs a non-empty "text" and "label"/);
    expect(await store.topics.activeModel()).toEqual(before);
  });

  it('scores research items as discoveries with every part in 0–100, in the same write as their topics; the story seam feeds echo', async () => {
    await store.saveFetchBatch('arxiv', [
      newItem(11, { source: 'arxiv', title: 'Logical qubits with a trapped-ion quantum computer', text: 'qubits', createdAt: '2026-11-20T06:00:00.000Z', author: { id: 'a', handle: 'a', name: 'A', followers: 0 } }),
      newItem(12, { source: 'arxiv', title: 'Surface code error correction for superconducting qubits', text: 'qubits', createdAt: '2026-11-20T07:00:00.000Z' }),
      newItem(13, { source: 'hackernews', url: 'https://arxiv.org/abs/2411.01234', title: 'Quantum processor scales to 1000 qubits', text: 'qubits', createdAt: '2026-11-10T07:00:00.000Z' }),
    ]);
    const r = await runTopics({ store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({}), storySources: async (ids) => new Map(ids.map((id) => [id, id === 6 ? 3 : 1])) });
    expect(r.discoveries).toBe(3);
    const found = await store.topics.discoveries({ since: '2026-01-01T00:00:00.000Z', limit: 10 });
    expect(found.map((d) => d.itemId).sort()).toEqual([5, 6, 7]);
    for (const d of found) {
      expect(d.topic).toBe('quantum');
      expect(Object.keys(d.breakdown).sort()).toEqual(['echo', 'emergence', 'novelty', 'obscurity', 'recency']);
      for (const v of Object.values(d.breakdown)) expect(v >= 0 && v <= 100).toBe(true);
      expect(d.score).toBeGreaterThan(0);
      expect(d.score).toBeLessThan(100);
    }
    const byId = new Map(found.map((d) => [d.itemId, d]));
    expect(byId.get(6)?.breakdown.echo).toBe(66.7);
    expect(byId.get(5)?.breakdown.obscurity).toBe(100);
    expect(byId.get(5)?.breakdown.novelty).toBe(50); // the first of its topic: no centroid yet
    expect(byId.get(6)?.breakdown.novelty).toBeLessThan(100);
    expect((await store.topics.centroids()).map((c) => [c.topic, c.n])).toEqual([['quantum', 3]]);
    // The plain news items are not research items.
    expect(found.some((d) => d.itemId <= 4)).toBe(false);
  });

  it('keyword-only topics are learnt from their keywords; disabled topics do nothing', async () => {
    const taxonomy = [
      { name: 'quantum', keywords: ['qubit', 'quantum computer', 'trapped ion'] },
      { name: 'robots', keywords: ['robot', 'locomotion', 'legged'] },
    ];
    const r = await runTopics({ store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({ taxonomy, minScore: 0 }) });
    expect(r.ok).toBe(4);
    const topics = await store.topics.itemTopics([1, 2]);
    expect([topics.get(1)?.[0]?.name, topics.get(2)?.[0]?.name]).toEqual(['quantum', 'robots']);
    const off = await runTopics({ store, clock, log: silentLogger(), topics: topicsConfigSchema.parse({ enabled: false }) });
    expect(off.ok).toBe(0);
  });
});
