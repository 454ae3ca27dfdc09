import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityMention } from '../../src/entities/extract.js';
import { mergeEvidence } from '../../src/entities/merge-policy.js';
import type { EntityBatchPolicy } from '../../src/store/entities.port.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = '2026-11-20T12:00:00.000Z';
const policy: EntityBatchPolicy = { mergeEvidence };
const person = (namespace: string, key: string, name: string, role: EntityMention['role'] = 'author'): EntityMention => ({ namespace, key, kind: 'person', name, profileUrl: null, role });
const product = (name: string): EntityMention => ({ namespace: 'name', key: name.toLowerCase(), kind: 'product', name, profileUrl: null, role: 'mention' });
const topicRow = (itemId: number, top: string) => ({ itemId, topics: [{ name: top, score: 0.9 }], top, topScore: 0.9, origin: 'model' as const, createdAt: NOW });

for (const target of storeTargets()) {
  describe(`entities repository [${target.name}]`, () => {
    let store: Store;
    const write = async (itemId: number, mentions: EntityMention[], createdAt = newItem(itemId).createdAt) =>
      store.entities.saveBatch([{ itemId, contentHash: newItem(itemId).contentHash, createdAt, authorFollowers: null, mentions }], NOW, policy);
    beforeEach(async () => {
      store = await target.open();
      await store.saveFetchBatch('demo', [1, 2, 3, 4, 5].map((n) => newItem(n)));
    });
    afterEach(async () => {
      await store.close();
    });

    it('scans each item once (again only when its text changed), links entities, lists them with counts and first/last seen', async () => {
      expect((await store.entities.pending(0, 10)).map((c) => c.id)).toEqual([1, 2, 3, 4, 5]);
      await write(1, [person('x', 'ada', 'Ada L'), product('Brindlepost')]);
      await write(2, [product('Brindlepost')]);
      await write(3, []);
      expect((await store.entities.pending(0, 10)).map((c) => c.id)).toEqual([4, 5]);
      await write(2, [product('Brindlepost')]);
      const { entities, total } = await store.entities.list({ limit: 10, offset: 0 });
      expect(total).toBe(2);
      expect(entities[0]).toMatchObject({ name: 'Brindlepost', kind: 'product', items: 2, firstSeen: newItem(2).createdAt, lastSeen: newItem(1).createdAt });
      expect((await store.entities.list({ kind: 'person', limit: 10, offset: 0 })).entities.map((e) => e.name)).toEqual(['Ada L']);
      expect((await store.entities.list({ name: 'brindle', limit: 10, offset: 0 })).total).toBe(1);
      expect((await store.entities.list({ limit: 1, offset: 1 })).entities.map((e) => e.name)).toEqual(['Ada L']);
      await store.saveFetchBatch('demo', [newItem(1, { text: 'changed text' })]);
      expect((await store.entities.pending(0, 10)).map((c) => c.id)).toEqual([1, 4, 5]);
      const ofItems = await store.entities.ofItems([1, 2]);
      expect(ofItems.get(1)?.map((e) => e.name)).toEqual(['Ada L', 'Brindlepost']);
    });

    it('merges the same name across namespaces only with a shared topic; the merge is recorded and undone, and stays undone', async () => {
      await store.topics.saveItemTopics([topicRow(1, 'quantum'), topicRow(2, 'quantum'), topicRow(3, 'energy')], NOW);
      expect((await write(1, [person('arxiv', 'adalovelace', 'Ada Lovelace')])).merges).toBe(0);
      // Same name, different topic: no merge.
      expect((await write(3, [person('x', 'ada_l', 'Ada Lovelace')])).merges).toBe(0);
      // Same name and a shared topic: merged into the older entity.
      expect((await write(2, [person('reddit', 'ada', 'Ada Lovelace')])).merges).toBe(1);
      const list = await store.entities.list({ kind: 'person', limit: 10, offset: 0 });
      const arxiv = list.entities.find((e) => e.namespace === 'arxiv');
      expect(arxiv?.items).toBe(2);
      const detail = await store.entities.get(arxiv?.id ?? 0, 10);
      expect(detail?.recent.map((i) => i.id).sort()).toEqual([1, 2]);
      expect(detail?.topics).toEqual([{ topic: 'quantum', count: 2 }]);
      expect(detail?.sources).toEqual([{ source: 'demo', count: 2 }]);
      const merge = detail?.merged[0];
      expect(merge).toMatchObject({ namespace: 'reddit', name: 'Ada Lovelace', reason: 'same name and a shared topic', undoneAt: null });
      expect(JSON.parse(merge?.evidence ?? '{}')).toEqual({ name: 'adalovelace', topics: ['quantum'] });
      // The merged entity reads as its canonical one on an item.
      expect((await store.entities.ofItems([2])).get(2)?.[0]?.id).toBe(arxiv?.id);

      const undone = await store.entities.unmerge(merge?.fromId ?? 0, NOW);
      expect(undone).toMatchObject({ fromId: merge?.fromId, undoneAt: NOW });
      expect(await store.entities.unmerge(merge?.fromId ?? 0, NOW)).toBeUndefined();
      expect((await store.entities.get(arxiv?.id ?? 0, 10))?.items).toBe(1);
      // A later batch touching both does not merge them again.
      expect((await write(2, [person('reddit', 'ada', 'Ada Lovelace')])).merges).toBe(0);
      expect((await store.entities.list({ kind: 'person', limit: 10, offset: 0 })).total).toBe(3);
    });

    it('merges on the same profile link whatever the names; rescoring reads prior items of the authors', async () => {
      const gh: EntityMention = { namespace: 'github', key: 'octo/repo', kind: 'product', name: 'octo/repo', profileUrl: 'https://github.com/octo/repo', role: 'subject' };
      const other: EntityMention = { ...gh, namespace: 'name', key: 'octorepo', name: 'Octo Repo', role: 'mention' };
      await write(5, [gh]);
      expect((await write(4, [other])).merges).toBe(1);
      await store.topics.saveItemTopics([topicRow(3, 'quantum')], NOW, { discoveries: [{ itemId: 3, topic: 'quantum', score: 50, breakdown: { novelty: 50, emergence: 50, echo: 0, obscurity: 50, recency: 50 }, createdAt: newItem(3).createdAt }], centroids: [] });
      const seen: number[] = [];
      const rescoring: EntityBatchPolicy = { mergeEvidence, rescoreDiscovery: (b, prior) => (seen.push(prior), { score: 99, breakdown: { ...b, obscurity: 1 } }) };
      await store.entities.saveBatch([{ itemId: 3, contentHash: 'h', createdAt: newItem(3).createdAt, authorFollowers: null, mentions: [{ ...gh, role: 'subject' }] }], NOW, rescoring);
      expect(seen).toEqual([2]);
      const [d] = await store.topics.discoveries({ since: '2000-01-01T00:00:00.000Z', limit: 5 });
      expect(d).toMatchObject({ itemId: 3, score: 99, breakdown: { obscurity: 1 } });
    });
  });
}
