import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.port.js';
import { analysis, hash, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const AT = '2026-11-20T12:00:00.000Z';

const targets = storeTargets();
console.log(`[store suite] running on: ${targets.map((t) => t.name).join(', ')}`);

for (const target of targets) {
  describe(`store contract [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('reports its dialect and migrates idempotently', async () => {
      expect(store.dialect).toBe(target.name);
      expect(await store.migrate()).toEqual([]);
      await store.ping();
    });

    it('upserts items unique on (source, externalId), updating metrics and merging queries', async () => {
      const first = await store.saveFetchBatch('demo', [newItem(1), newItem(2)]);
      expect(first).toEqual({ inserted: 2, updated: 0 });
      const again = await store.saveFetchBatch('demo', [
        newItem(1, { metrics: { likes: 50, reposts: 2, replies: 1, quotes: 0, views: 9_000_000_000 }, queries: ['competitors'] }),
        newItem(3),
      ]);
      expect(again).toEqual({ inserted: 1, updated: 1 });
      expect(await store.countItems()).toBe(3);
      const one = await store.findItem('demo', 'ext-1');
      expect(one?.metrics).toEqual({ likes: 50, reposts: 2, replies: 1, quotes: 0, views: 9_000_000_000 });
      expect(one?.queries).toEqual(['brand', 'competitors']);
      expect(one?.raw).toEqual({ n: 1 });
      expect(typeof one?.id).toBe('number');
      expect(await store.getItem(one?.id ?? -1)).toEqual(one);
    });

    it('keeps the same external id from two sources apart', async () => {
      await store.saveFetchBatch('demo', [newItem(1)]);
      await store.saveFetchBatch('x', [newItem(1, { source: 'x' })]);
      expect(await store.countItems()).toBe(2);
    });

    it('collapses duplicates within one batch', async () => {
      const counts = await store.saveFetchBatch('demo', [newItem(1), newItem(1, { metrics: { likes: 7, reposts: 0, replies: 0, quotes: 0, views: 0 } })]);
      expect(counts).toEqual({ inserted: 1, updated: 0 });
      expect((await store.findItem('demo', 'ext-1'))?.metrics.likes).toBe(7);
    });

    it('stores the cursor in the same transaction as the batch', async () => {
      expect(await store.getCursor('demo', 'corpus')).toBeUndefined();
      await store.saveFetchBatch('demo', [newItem(1)], { key: 'corpus', value: '{"offset":1}' });
      await store.saveFetchBatch('demo', [], { key: 'corpus', value: '{"offset":2}' });
      expect(await store.getCursor('demo', 'corpus')).toBe('{"offset":2}');
    });

    it('rolls back items and cursor together when the batch fails', async () => {
      const bad = newItem(2, { text: null as unknown as string });
      await expect(store.saveFetchBatch('demo', [newItem(1), bad], { key: 'corpus', value: 'x' })).rejects.toThrow(/store: save fetched items failed/);
      expect(await store.countItems()).toBe(0);
      expect(await store.getCursor('demo', 'corpus')).toBeUndefined();
    });

    it('queues analysis for new items and for items whose text changed', async () => {
      await store.saveFetchBatch('demo', [newItem(1), newItem(2), newItem(3)]);
      const pending = await store.pendingAnalysis(0, 10);
      expect(pending.map((p) => p.externalId)).toEqual(['ext-1', 'ext-2', 'ext-3']);
      expect((await store.pendingAnalysis(pending[0]?.id ?? 0, 1)).map((p) => p.externalId)).toEqual(['ext-2']);
      await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: AT })));
      expect(await store.pendingAnalysis(0, 10)).toEqual([]);
      await store.saveFetchBatch('demo', [newItem(2, { metrics: { likes: 99, reposts: 0, replies: 0, quotes: 0, views: 0 } })]);
      expect(await store.pendingAnalysis(0, 10)).toEqual([]);
      await store.saveFetchBatch('demo', [newItem(2, { text: 'edited', contentHash: hash(null, 'edited') })]);
      expect((await store.pendingAnalysis(0, 10)).map((p) => p.text)).toEqual(['edited']);
    });

    it('scores analysed items, re-scores recent ones, and reads the breakdown back', async () => {
      await store.saveFetchBatch('demo', [newItem(1, { createdAt: '2026-11-20T11:00:00.000Z' }), newItem(2, { createdAt: '2026-11-01T00:00:00.000Z' })]);
      const items = await store.pendingAnalysis(0, 10);
      await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: 'outage', urgency: 5 }), provenance: heuristicProvenance, analyzedAt: AT })));
      const pending = await store.pendingScoring(0, 10, '2026-11-17T12:00:00.000Z');
      expect(pending).toHaveLength(2);
      expect(pending[0]).toMatchObject({ category: 'outage', sentiment: 'negative', urgency: 5, likes: 1 });
      const breakdown = { raw: 1, metrics: 6.931, urgency: 5, urgencyPart: 20, base: 1, categoryBoost: 2, sentimentMultiplier: 1.2, ageHours: 1, recency: 0.97, unclamped: 65.4, cap: 100 };
      await store.saveScores(pending.map((p) => ({ itemId: p.itemId, salience: 65.4, breakdown, scoredAt: AT })));
      const recent = await store.pendingScoring(0, 10, '2026-11-17T12:00:00.000Z');
      expect(recent.map((r) => r.itemId)).toEqual([items[0]?.id]);
      expect(await store.getScore(items[1]?.id ?? -1)).toEqual({ itemId: items[1]?.id, salience: 65.4, breakdown, scoredAt: AT });
      const top = await store.top({ limit: 5, minSalience: 50 });
      expect(top).toHaveLength(2);
      expect(top[0]).toMatchObject({ category: 'outage', salience: 65.4, tags: ['bug'], breakdown });
      expect(await store.top({ limit: 5, since: '2026-11-19T00:00:00.000Z' })).toHaveLength(1);
      expect(await store.top({ limit: 5, minSalience: 70 })).toHaveLength(0);
      const stats = await store.stats();
      expect(stats).toMatchObject({ items: 2, analyzed: 2, scored: 2, pendingAnalysis: 0, bySource: { demo: 2 }, byCategory: { outage: 2 }, bySentiment: { negative: 2 } });
    });

    it('delivers through the outbox exactly once per item and channel', async () => {
      await store.saveFetchBatch('demo', [newItem(1), newItem(2)]);
      const items = await store.pendingAnalysis(0, 10);
      await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: AT })));
      await store.saveScores(items.map((it, i) => ({ itemId: it.id, salience: 90 - i * 20, breakdown: {} as never, scoredAt: AT })));
      const cands = await store.outbox.candidates({ channel: 'ops', threshold: 80, limit: 10 });
      expect(cands.map((c) => c.id)).toEqual([items[0]?.id]);
      const id = items[0]?.id ?? -1;
      expect(await store.outbox.enqueue([{ itemId: id, batchId: 'b1', kind: 'single' }], 'ops', AT)).toBe(1);
      expect(await store.outbox.enqueue([{ itemId: id, batchId: 'b2', kind: 'single' }], 'ops', AT)).toBe(0);
      expect(await store.outbox.candidates({ channel: 'ops', threshold: 80, limit: 10 })).toEqual([]);
      expect((await store.outbox.candidates({ channel: 'other', threshold: 80, limit: 10 })).map((c) => c.id)).toEqual([id]);
      const [batch] = await store.outbox.pendingBatches('ops', 10);
      expect(batch?.items.map((i) => i.id)).toEqual([id]);
      expect(await store.outbox.claim('b1', AT)).toBe(true);
      expect(await store.outbox.claim('b1', AT)).toBe(false);
      expect(await store.outbox.pendingBatches('ops', 10)).toEqual([]);
      expect(await store.outbox.recoverInterrupted('ops', AT)).toBe(1);
      expect((await store.outbox.list('ops'))[0]).toMatchObject({ status: 'unknown', attempts: 1, batchId: 'b1' });
      expect(await store.outbox.requeueUnknown('ops', AT)).toBe(1);
      expect(await store.outbox.claim('b1', AT)).toBe(true);
      await store.outbox.complete('b1', 'sent', AT);
      expect((await store.outbox.list('ops'))[0]).toMatchObject({ status: 'sent', attempts: 2, sentAt: AT, lastError: null });
      expect((await store.stats()).notifications).toEqual({ sent: 1 });
    });

    it('records pipeline runs and marks interrupted ones', async () => {
      const id = await store.runs.start('cli', AT);
      expect(await store.runs.markInterrupted(AT)).toBe(1);
      const id2 = await store.runs.start('daemon', AT);
      await store.runs.finish(id2, 'succeeded', { fetch: { ok: 3 } }, AT);
      const runs = await store.runs.recent(5);
      expect(runs.map((r) => [r.id, r.status])).toEqual([
        [id2, 'succeeded'],
        [id, 'interrupted'],
      ]);
      expect(runs[0]?.stats).toEqual({ fetch: { ok: 3 } });
    });

    it('pages through signals in id order', async () => {
      await store.saveFetchBatch('demo', Array.from({ length: 5 }, (_, i) => newItem(i + 1)));
      const items = await store.pendingAnalysis(0, 10);
      await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: AT })));
      await store.saveScores(items.map((it) => ({ itemId: it.id, salience: 10, breakdown: {} as never, scoredAt: AT })));
      const p1 = await store.signalsPage(0, 3);
      const p2 = await store.signalsPage(p1[2]?.id ?? 0, 3);
      expect([...p1, ...p2].map((s) => s.externalId)).toEqual(['ext-1', 'ext-2', 'ext-3', 'ext-4', 'ext-5']);
    });
  });
}

for (const target of storeTargets()) {
  describe(`store contract: signal listing [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
      await store.saveFetchBatch('demo', [
        newItem(1, { text: 'Outage: 100% of requests fail' }),
        newItem(2, { text: 'snake_case names break export' }),
        newItem(3, { text: 'plain text', title: 'Title MATCH' }),
      ]);
      await store.saveFetchBatch('x', [newItem(4, { source: 'x', externalId: 'tw-9', text: 'a tweet' }), newItem(5, { source: 'x', externalId: 'ext-1', text: 'same external id, other source' })]);
      const items = await store.pendingAnalysis(0, 10);
      await store.saveAnalyses(items.map((it, i) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: i === 0 ? 'outage' : 'bug' }), provenance: heuristicProvenance, analyzedAt: AT })));
      await store.saveScores(items.map((it, i) => ({ itemId: it.id, salience: 10 * (i + 1), breakdown: {} as never, scoredAt: AT })));
    });
    afterEach(async () => {
      await store.close();
    });

    it('lists newest first with keyset pagination and filters', async () => {
      const all = await store.listSignals({ limit: 10 });
      expect(all.map((s) => s.id)).toEqual([...all.map((s) => s.id)].sort((a, b) => b - a));
      const page2 = await store.listSignals({ limit: 10, beforeId: all[1]?.id });
      expect(page2.map((s) => s.id)).toEqual(all.slice(2).map((s) => s.id));
      expect((await store.listSignals({ limit: 10, category: 'outage' })).map((s) => s.text)).toEqual(['Outage: 100% of requests fail']);
      expect((await store.listSignals({ limit: 10, source: 'x' })).map((s) => s.externalId)).toEqual(['ext-1', 'tw-9']);
      expect((await store.listSignals({ limit: 10, minSalience: 35 })).length).toBe(2);
      expect(all).toHaveLength(5);
    });

    it('searches words of text and title case-insensitively; punctuation only separates words (test/store/search.contract.test.ts has the rest)', async () => {
      expect((await store.listSignals({ limit: 10, search: '100%' })).map((s) => s.text)).toEqual(['Outage: 100% of requests fail']);
      expect((await store.listSignals({ limit: 10, search: 'snake_case' })).map((s) => s.text)).toEqual(['snake_case names break export']);
      expect(await store.listSignals({ limit: 10, search: 'e_c' })).toEqual([]);
      expect((await store.listSignals({ limit: 10, search: 'title match' })).map((s) => s.title)).toEqual(['Title MATCH']);
      expect(await store.listSignals({ limit: 10, search: '%%%' })).toHaveLength(5);
    });

    it('finds one signal by id or by external id, optionally per source', async () => {
      const [first] = await store.listSignals({ limit: 1 });
      expect((await store.getSignal(first?.id ?? -1))?.id).toBe(first?.id);
      expect(await store.getSignal(999_999)).toBeUndefined();
      expect((await store.findSignalByExternalId('tw-9'))?.source).toBe('x');
      expect((await store.findSignalByExternalId('ext-1', 'demo'))?.source).toBe('demo');
      expect((await store.findSignalByExternalId('ext-1', 'x'))?.text).toBe('same external id, other source');
      expect(await store.pendingMigrations()).toEqual([]);
    });
  });
}
