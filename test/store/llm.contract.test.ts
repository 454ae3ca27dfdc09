import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const SCOPE = { provider: 'openai', model: 'gpt-4o-mini', promptVersion: 'p1' };
const NOW = '2026-11-20T12:00:00.000Z';

for (const target of storeTargets()) {
  describe(`llm repository [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('caches verdicts by content hash within provider, model and prompt version; the first write wins', async () => {
      const a = analysis({ category: 'outage', tags: ['it\'s-down'], reasoning: 'ünïcode "quoted"' });
      await store.llm.putCached(SCOPE, [{ contentHash: 'h1', result: a }, { contentHash: 'h2', result: analysis() }], NOW);
      await store.llm.putCached(SCOPE, [{ contentHash: 'h1', result: analysis({ category: 'praise' }) }], NOW);
      const got = await store.llm.getCached(SCOPE, ['h1', 'h1', 'h3']);
      expect([...got.keys()]).toEqual(['h1']);
      expect(got.get('h1')).toEqual({ result: a });
      expect((await store.llm.getCached({ ...SCOPE, promptVersion: 'p2' }, ['h1'])).size).toBe(0);
      expect((await store.llm.getCached({ ...SCOPE, model: 'gpt-4o' }, ['h1'])).size).toBe(0);
      expect((await store.llm.getCached({ ...SCOPE, provider: 'anthropic' }, ['h2'])).size).toBe(0);
    });

    it('keeps the research topic with a cached verdict (a name, or null for none), apart from the analysis', async () => {
      await store.llm.putCached(SCOPE, [{ contentHash: 't1', result: analysis(), topic: 'quantum' }, { contentHash: 't2', result: analysis(), topic: null }], NOW);
      const got = await store.llm.getCached(SCOPE, ['t1', 't2']);
      expect(got.get('t1')).toEqual({ result: analysis(), topic: 'quantum' });
      expect(got.get('t2')).toEqual({ result: analysis(), topic: null });
    });

    it('checks a cached verdict against the analysis schema when read: one outside it is a miss, not a cast', async () => {
      // Written as another version or a hand edit might have left them (the types are bypassed on purpose).
      const outside = [
        { contentHash: 'urgency', result: { ...analysis(), urgency: 9 } },
        { contentHash: 'category', result: { ...analysis(), category: 'panic' } },
        { contentHash: 'tags', result: { ...analysis(), tags: Array.from({ length: 9 }, (_, i) => `t${i}`) } },
        { contentHash: 'entities', result: { ...analysis(), entities: { products: [] } } },
        { contentHash: 'missing', result: { category: 'bug' } },
      ] as unknown as Array<{ contentHash: string; result: ReturnType<typeof analysis> }>;
      await store.llm.putCached(SCOPE, [...outside, { contentHash: 'ok', result: analysis({ urgency: 5 }) }], NOW);
      const got = await store.llm.getCached(SCOPE, [...outside.map((e) => e.contentHash), 'ok']);
      expect([...got.keys()]).toEqual(['ok']);
      expect(got.get('ok')).toEqual({ result: analysis({ urgency: 5 }) });
    });

    it('looks up more hashes than one parameter list holds', async () => {
      const entries = Array.from({ length: 1200 }, (_, i) => ({ contentHash: `h${i}`, result: analysis({ urgency: i % 6 }) }));
      await store.llm.putCached(SCOPE, entries, NOW);
      const got = await store.llm.getCached(SCOPE, entries.map((e) => e.contentHash));
      expect(got.size).toBe(1200);
      expect(got.get('h1199')?.result.urgency).toBe(1199 % 6);
    });

    it('adds usage per day, provider and model, and totals a day over all of them', async () => {
      expect(await store.llm.usage('2026-11-20')).toEqual({ tokensIn: 0, tokensOut: 0, costUsd: 0, requests: 0 });
      await store.llm.addUsage('2026-11-20', 'openai', 'gpt-4o-mini', { tokensIn: 1000, tokensOut: 200, costUsd: 0.00027, requests: 1 });
      await store.llm.addUsage('2026-11-20', 'openai', 'gpt-4o-mini', { tokensIn: 3_000_000_000, tokensOut: 10, costUsd: 0.5, requests: 1 });
      await store.llm.addUsage('2026-11-20', 'anthropic', 'claude-haiku-4-5', { tokensIn: 5, tokensOut: 5, costUsd: 0.25, requests: 2 });
      await store.llm.addUsage('2026-11-21', 'openai', 'gpt-4o-mini', { tokensIn: 7, tokensOut: 7, costUsd: 7, requests: 1 });
      const u = await store.llm.usage('2026-11-20');
      expect(u).toEqual({ tokensIn: 3_000_001_005, tokensOut: 215, costUsd: expect.closeTo(0.75027, 10), requests: 4 });
      expect(typeof u.tokensIn).toBe('number');
    });

    it('lists the items whose current analysis is a fallback, by id', async () => {
      await store.saveFetchBatch('demo', [newItem(1), newItem(2), newItem(3), newItem(4)]);
      const at = NOW;
      const write = (itemId: number, fallback: boolean) => ({ itemId, contentHash: newItem(itemId).contentHash, result: analysis(), provenance: { ...heuristicProvenance, fallback }, analyzedAt: at });
      await store.saveAnalyses([write(1, true), write(2, false), write(4, true)]);
      const all = await store.llm.fallbackCandidates(0, 10);
      expect(all.map((c) => c.id)).toEqual([1, 4]);
      expect(all[0]).toMatchObject({ source: 'demo', externalId: 'ext-1', text: 'post number 1', contentHash: newItem(1).contentHash });
      expect((await store.llm.fallbackCandidates(1, 10)).map((c) => c.id)).toEqual([4]);
      expect((await store.llm.fallbackCandidates(0, 1)).map((c) => c.id)).toEqual([1]);
    });

    it('lists the items to re-triage for a provider, model and prompt version, optionally created since a date', async () => {
      await store.saveFetchBatch('demo', [1, 2, 3, 4, 5, 6, 7].map((n) => newItem(n)));
      const llm = { ...heuristicProvenance, provider: SCOPE.provider, model: SCOPE.model, promptVersion: SCOPE.promptVersion };
      const write = (itemId: number, provenance: typeof heuristicProvenance, contentHash = newItem(itemId).contentHash) => ({ itemId, contentHash, result: analysis(), provenance, analyzedAt: NOW });
      await store.saveAnalyses([
        write(1, heuristicProvenance), // the heuristic answered
        write(2, llm), // already this scope's verdict: never listed
        write(3, { ...llm, model: 'gpt-4o' }), // another model
        write(4, { ...llm, promptVersion: 'p0' }), // an older prompt
        write(5, { ...heuristicProvenance, fallback: true }), // a fallback
        write(6, llm, 'an-older-text'), // this scope, but for an older text
      ]); // 7: never analysed
      const ids = async (opts: { since?: string }, afterId = 0, limit = 100) => (await store.llm.reanalysisCandidates(SCOPE, opts, afterId, limit)).map((c) => [c.id, c.analysedBy]);
      expect(await ids({})).toEqual([
        [1, 'heuristic'],
        [3, 'openai'],
        [4, 'openai'],
        [5, 'heuristic'],
        [6, 'openai'],
        [7, null],
      ]);
      expect(await ids({}, 3, 2)).toEqual([
        [4, 'openai'],
        [5, 'heuristic'],
      ]);
      // newItem(n) was created n minutes before noon: since 11:55 keeps items 1–5.
      expect(await ids({ since: '2026-11-20T11:55:00.000Z' })).toEqual([
        [1, 'heuristic'],
        [3, 'openai'],
        [4, 'openai'],
        [5, 'heuristic'],
      ]);
      const [first] = await store.llm.reanalysisCandidates(SCOPE, {}, 0, 1);
      expect(first).toMatchObject({ id: 1, source: 'demo', externalId: 'ext-1', text: 'post number 1', contentHash: newItem(1).contentHash });
      await store.saveAnalyses([write(1, llm)]);
      expect((await ids({})).map(([id]) => id)).toEqual([3, 4, 5, 6, 7]);
    });
  });
}
