import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityMention } from '../../src/entities/extract.js';
import { mergeEvidence } from '../../src/entities/merge-policy.js';
import type { Notifier, NotifyAlert } from '../../src/notify/notifier.port.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Clock } from '../../src/platform/clock.js';
import { countVolumes, labelOf, runSpikes } from '../../src/spikes/spikes.service.js';
import { listSpikes, readSeries } from '../../src/spikes/spikes.query.js';
import { spikesConfigSchema } from '../../src/spikes/spikes.config.js';
import type { EntityBatchPolicy } from '../../src/store/entities.port.js';
import type { Store } from '../../src/store/store.port.js';
import type { NewSpike } from '../../src/store/volumes.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

/*
 * Entity series (issue 17: volumes "for each … entity"): an item counts once in `entity:<id>` of
 * each canonical entity it names, after the entities stage, incrementally; bounded by
 * `spikes.entities`; merges and unmerges followed. On SQLite and PostgreSQL.
 */
const START = Date.UTC(2026, 10, 18, 0, 0);
const B = 300_000;
const clock: Clock = { now: () => new Date(START + 24 * B) };
const NOW = new Date(START).toISOString();
const policy: EntityBatchPolicy = { mergeEvidence };
const person = (namespace: string, key: string, name: string): EntityMention => ({ namespace, key, kind: 'person', name, profileUrl: null, role: 'author' });
const product = (name: string): EntityMention => ({ namespace: 'name', key: name.toLowerCase(), kind: 'product', name, profileUrl: null, role: 'mention' });
const createdAt = (n: number): string => new Date(START + n * B + 1000).toISOString();

/** Items 1..8, item n created in bucket n, all analysed. */
const seed = async (store: Store): Promise<void> => {
  await store.saveFetchBatch('demo', Array.from({ length: 8 }, (_, i) => newItem(i + 1, { createdAt: createdAt(i + 1) })));
  const pending = await store.pendingAnalysis(0, 100);
  await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: 'question', tags: [] }), provenance: heuristicProvenance, analyzedAt: NOW })));
};

const total = async (store: Store, key: string): Promise<number> =>
  (await store.volumes.series(key, '5m', new Date(START).toISOString(), new Date(START + 24 * B).toISOString())).reduce((a, p) => a + p.count, 0);

for (const target of storeTargets()) {
  describe(`entity series [${target.name}]`, () => {
    let store: Store;
    const link = (itemId: number, mentions: EntityMention[], at = createdAt(itemId)) =>
      store.entities.saveBatch([{ itemId, contentHash: newItem(itemId).contentHash, createdAt: at, authorFollowers: null, mentions }], NOW, policy);
    const idOf = async (name: string): Promise<number> => (await store.entities.list({ name: name.toLowerCase().replace(/\s/g, ''), limit: 5, offset: 0 })).entities[0]?.id ?? -1;
    beforeEach(async () => {
      store = await target.open(clock);
      await seed(store);
    });
    afterEach(async () => {
      await store.close();
    });

    it('counts each (item, entity) once after the entities stage, only entities with enough items, never twice', async () => {
      const config = spikesConfigSchema.parse({ entities: { minItems: 2 } });
      expect(await countVolumes(store, config)).toBe(8);
      // Brindlepost in items 1–3 (the second mention in item 3 is the same entity), Quillmate only in item 4.
      for (const n of [1, 2]) await link(n, [product('Brindlepost')]);
      await link(3, [product('Brindlepost'), { ...product('Brindlepost'), role: 'subject' }]);
      await link(4, [product('Quillmate')]);
      expect(await countVolumes(store, config)).toBe(3);
      expect(await countVolumes(store, config)).toBe(0);
      const brindle = await idOf('Brindlepost');
      expect(await total(store, `entity:${brindle}`)).toBe(3);
      expect((await store.volumes.seriesKeys()).map((k) => k.key)).toEqual(['category:question', 'source:demo', `entity:${brindle}`].sort());
      // Quillmate reaches two items: its series starts with both (the earlier item is counted in its own bucket).
      await link(5, [product('Quillmate')]);
      expect(await countVolumes(store, config)).toBe(2);
      const quill = await idOf('Quillmate');
      const view = await readSeries(store, clock.now(), `entity:${quill}`, '6h');
      expect(view.label).toBe('entity "Quillmate"');
      expect(view.points.filter((p) => p.count > 0).map((p) => p.bucket)).toEqual([4, 5].map((n) => new Date(START + n * B).toISOString()));
      expect(await store.volumes.series(`entity:${quill}`, '1h', NOW, NOW)).toEqual([{ bucket: NOW, count: 2 }]);
      // Re-linking an item (its text changed) does not count it again.
      await link(1, [product('Brindlepost')]);
      expect(await countVolumes(store, config)).toBe(0);
      expect(await total(store, `entity:${brindle}`)).toBe(3);
      expect(await total(store, 'source:demo')).toBe(8);
      expect(await labelOf(store, `entity:${brindle}`)).toBe('entity "Brindlepost"');
      expect(await labelOf(store, 'entity:999999')).toBe('entity 999999');
    });

    it('bounds the entity series: at most maxSeries, the entities with the most items first; an existing series keeps counting', async () => {
      const config = spikesConfigSchema.parse({ entities: { minItems: 1, maxSeries: 1 } });
      await countVolumes(store, config);
      for (const n of [1, 2]) await link(n, [product('Brindlepost')]);
      await link(3, [product('Quillmate')]);
      expect(await countVolumes(store, config)).toBe(2);
      const brindle = await idOf('Brindlepost');
      expect(await store.volumes.entitySeriesIds(1, 1)).toEqual([brindle]);
      // Quillmate overtakes Brindlepost: the budget is spent, Brindlepost keeps its series and counts on.
      for (const n of [4, 5, 6]) await link(n, [product('Quillmate')]);
      await link(7, [product('Brindlepost')]);
      expect(await countVolumes(store, config)).toBe(1);
      expect((await store.volumes.seriesKeys()).map((k) => k.key).filter((k) => k.startsWith('entity:'))).toEqual([`entity:${brindle}`]);
      expect(await total(store, `entity:${brindle}`)).toBe(3);
      // A larger budget lets the next one in; maxSeries 0 counts none.
      expect(await countVolumes(store, spikesConfigSchema.parse({ entities: { minItems: 1, maxSeries: 2 } }))).toBe(4);
      expect(await total(store, `entity:${await idOf('Quillmate')}`)).toBe(4);
      await link(8, [product('Brindlepost')]);
      expect(await countVolumes(store, spikesConfigSchema.parse({ entities: { maxSeries: 0 } }))).toBe(0);
      expect(() => spikesConfigSchema.parse({ entities: { maxSeries: -1 } })).toThrow();
    });

    it('follows a merge into the surviving entity, and an unmerge back, counting no (item, series) twice', async () => {
      const config = spikesConfigSchema.parse({ entities: { minItems: 1 } });
      await store.topics.saveItemTopics([1, 2, 3].map((itemId) => ({ itemId, topics: [{ name: 'quantum', score: 0.9 }], top: 'quantum', topScore: 0.9, origin: 'model' as const, createdAt: NOW })), NOW);
      await countVolumes(store, config);
      await link(1, [person('arxiv', 'adalovelace', 'Ada Lovelace')]);
      expect(await countVolumes(store, config)).toBe(1);
      const arxiv = await idOf('Ada Lovelace');
      // The same person on reddit, same topic: merged into the arXiv entity; items 2 and 3 count in its series.
      expect((await link(2, [person('reddit', 'ada', 'Ada Lovelace')])).merges).toBe(1);
      await link(3, [person('reddit', 'ada', 'Ada Lovelace')]);
      expect(await countVolumes(store, config)).toBe(2);
      expect(await total(store, `entity:${arxiv}`)).toBe(3);
      const reddit = (await store.entities.get(arxiv, 0))?.merged[0]?.fromId ?? -1;
      expect(await total(store, `entity:${reddit}`)).toBe(0);
      // Unmerged: the reddit entity's items count in its own series; the arXiv series keeps what it had.
      await store.entities.unmerge(reddit, NOW);
      expect(await countVolumes(store, config)).toBe(2);
      expect(await countVolumes(store, config)).toBe(0);
      expect(await total(store, `entity:${reddit}`)).toBe(2);
      expect(await total(store, `entity:${arxiv}`)).toBe(3);
      expect(await total(store, 'source:demo')).toBe(8);
      expect(await listSpikes(store, clock.now(), { series: `entity:${reddit}` })).toEqual([]);
    });

    it('scores entity series: a burst naming an entity is a spike of kind entity, alerted once with the entity named', async () => {
      // Items 1–8 are the quiet start (buckets 1–8); 20 items (ids 9–28) naming Brindlepost in bucket 100.
      const burst = Array.from({ length: 20 }, (_, i) => newItem(100 + i, { createdAt: createdAt(100) }));
      await store.saveFetchBatch('demo', burst);
      const pending = await store.pendingAnalysis(0, 100);
      await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: 'question', tags: [] }), provenance: heuristicProvenance, analyzedAt: NOW })));
      for (let id = 9; id <= 28; id++) await link(id, [product('Brindlepost')], createdAt(100));
      const sent: NotifyAlert[] = [];
      const notifier: Notifier = { channel: 'test', settings: { threshold: 0, limit: 10, digestThreshold: 100 }, send: async (a) => void sent.push(a) };
      const raised: NewSpike[] = [];
      const config = spikesConfigSchema.parse({ alertKinds: ['entity'], alertHours: 24 });
      const at: Clock = { now: () => new Date(START + 102 * B) };
      const deps = { store, clock: at, log: silentLogger(), config, notifiers: [notifier], onSpike: (s: NewSpike) => void raised.push(s) };
      const r = await runSpikes(deps);
      const brindle = await idOf('Brindlepost');
      expect(r.counted).toBe(28 + 20);
      expect(raised.filter((s) => s.kind === 'entity').map((s) => s.key)).toEqual([`entity:${brindle}`]);
      expect(sent).toHaveLength(1);
      const alert = sent[0];
      expect(alert?.kind === 'spike' && alert.spike.label).toBe('entity "Brindlepost"');
      expect(alert?.kind === 'spike' && alert.spike.spike.key).toBe(`entity:${brindle}`);
      expect(await store.volumes.topItems(`entity:${brindle}`, createdAt(89), createdAt(100), 5)).toHaveLength(5);
      const listed = await listSpikes(store, at.now(), { series: `entity:${brindle}` });
      expect(listed[0]?.explanation).toMatch(/^entity "Brindlepost": 20 mentions in the last hour/);
      expect((await runSpikes(deps)).alerted).toBe(0);
    });
  });
}
