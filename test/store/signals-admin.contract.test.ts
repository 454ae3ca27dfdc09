import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import type { SignalAdminRow } from '../../src/store/signals.port.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, hash, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const START = Date.parse('2026-11-20T12:00:00.000Z');
const AT = '2026-11-20T12:00:00.000Z';
const BREAKDOWN = { raw: 1, metrics: 2, urgency: 3, urgencyPart: 4, base: 5, categoryBoost: 1, sentimentMultiplier: 1, ageHours: 1, recency: 1, unclamped: 50, cap: 100 };

/** Each reading is one minute after the last, so created signals have distinct, ordered times. */
const tickingClock = (): Clock => {
  let t = START;
  return { now: () => new Date((t += 60_000)) };
};

for (const target of storeTargets()) {
  describe(`signals repository contract [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open(tickingClock());
    });
    afterEach(async () => {
      await store.close();
    });

    /** Analyses and scores the given signals as the pipeline would. */
    const analyseAndScore = async (rows: ReadonlyArray<{ id: number; salience: number }>): Promise<void> => {
      const pending = await store.pendingAnalysis(0, 1000);
      const wanted = pending.filter((p) => rows.some((r) => r.id === p.id));
      await store.saveAnalyses(wanted.map((p) => ({ itemId: p.id, contentHash: p.contentHash, result: analysis({ category: 'outage', urgency: 4, tags: ['x'] }), provenance: heuristicProvenance, analyzedAt: AT })));
      await store.saveScores(rows.map((r) => ({ itemId: r.id, salience: r.salience, breakdown: BREAKDOWN, scoredAt: AT })));
    };

    it('creates a manual signal with defaults, no analysis yet, and reads it back', async () => {
      const created = await store.signals.create({ text: 'Checkout is down for everyone' });
      expect(created).toMatchObject({
        source: 'manual',
        url: null,
        author: null,
        title: null,
        text: 'Checkout is down for everyone',
        status: 'active',
        triage: 'new',
        metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0 },
        category: null,
        sentiment: null,
        urgency: null,
        salience: null,
        tags: null,
        breakdown: null,
      });
      expect(created.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created.createdAt).toBe(created.updatedAt);
      expect(Date.parse(created.createdAt)).toBeGreaterThan(START);
      expect(await store.signals.get(created.id)).toEqual(created);
      expect(await store.signals.get(created.id + 1000)).toBeUndefined();

      const full = await store.signals.create({ text: 'b', title: 'T', url: 'https://example.invalid/1', author: 'ops', status: 'paused' });
      expect(full).toMatchObject({ title: 'T', url: 'https://example.invalid/1', author: 'ops', status: 'paused' });
      expect(full.externalId).not.toBe(created.externalId);
      const item = await store.getItem(full.id);
      expect(item).toMatchObject({ source: 'manual', contentHash: hash('T', 'b'), queries: [], raw: null });
    });

    it('queues created and re-worded signals for analysis, and shows analysis and score once present', async () => {
      const s = await store.signals.create({ text: 'first wording' });
      expect((await store.pendingAnalysis(0, 10)).map((p) => p.id)).toEqual([s.id]);
      await analyseAndScore([{ id: s.id, salience: 72.5 }]);
      expect(await store.pendingAnalysis(0, 10)).toEqual([]);
      expect(await store.signals.get(s.id)).toMatchObject({ category: 'outage', sentiment: 'negative', urgency: 4, tags: ['x'], salience: 72.5, breakdown: BREAKDOWN });

      const paused = await store.signals.update(s.id, { status: 'paused' });
      expect(paused).toMatchObject({ status: 'paused', text: 'first wording', salience: 72.5 });
      expect(paused && paused.updatedAt > s.updatedAt).toBe(true);
      expect(await store.pendingAnalysis(0, 10)).toEqual([]);

      const reworded = await store.signals.update(s.id, { text: 'second wording' });
      expect(reworded).toMatchObject({ status: 'paused', text: 'second wording' });
      expect(await store.pendingAnalysis(0, 10)).toEqual([expect.objectContaining({ id: s.id, text: 'second wording', contentHash: hash(null, 'second wording') })]);
      await analyseAndScore([{ id: s.id, salience: 60 }]);

      await store.signals.update(s.id, { title: 'A title' });
      expect((await store.pendingAnalysis(0, 10)).map((p) => p.contentHash)).toEqual([hash('A title', 'second wording')]);
      expect(await store.signals.update(s.id, { title: null })).toMatchObject({ title: null });
      expect(await store.signals.update(s.id + 1000, { status: 'error' })).toBeUndefined();
    });

    it('lists fetched items as signals too, and keeps a status across re-fetches', async () => {
      await store.saveFetchBatch('demo', [newItem(1)]);
      const found = await store.findItem('demo', 'ext-1');
      const id = found?.id ?? -1;
      expect(await store.signals.get(id)).toMatchObject({ source: 'demo', status: 'active', author: 'user1', category: null });
      await store.signals.setStatus([id], 'inactive');
      await store.saveFetchBatch('demo', [newItem(1, { metrics: { likes: 9, reposts: 0, replies: 0, quotes: 0, views: 0 } })]);
      expect(await store.signals.get(id)).toMatchObject({ status: 'inactive', metrics: { likes: 9 } });
    });

    it('starts every signal as triage `new`, keeps a triage state across re-fetches and re-wording, and moves between any states', async () => {
      await store.saveFetchBatch('demo', [newItem(1)]);
      const id = (await store.findItem('demo', 'ext-1'))?.id ?? -1;
      expect(await store.signals.get(id)).toMatchObject({ triage: 'new', status: 'active' });
      const acked = await store.signals.update(id, { triage: 'acknowledged' });
      expect(acked).toMatchObject({ triage: 'acknowledged', status: 'active' });
      await store.saveFetchBatch('demo', [newItem(1, { text: 'edited at the source', metrics: { likes: 9, reposts: 0, replies: 0, quotes: 0, views: 0 } })]);
      expect(await store.signals.get(id)).toMatchObject({ triage: 'acknowledged', text: 'edited at the source', metrics: { likes: 9 } });
      // Any state may follow any other: resolved, then reopened.
      expect(await store.signals.update(id, { triage: 'resolved' })).toMatchObject({ triage: 'resolved' });
      expect(await store.signals.update(id, { triage: 'new', status: 'paused' })).toMatchObject({ triage: 'new', status: 'paused' });
      expect(await store.signals.update(999_999, { triage: 'ignored' })).toBeUndefined();
      const manual = await store.signals.create({ text: 'entered already acknowledged', triage: 'acknowledged' });
      expect(manual).toMatchObject({ triage: 'acknowledged', status: 'active' });
    });

    describe('page', () => {
      let rows: SignalAdminRow[];
      beforeEach(async () => {
        rows = [
          await store.signals.create({ text: 'Login broken again', author: 'Alice', status: 'active' }),
          await store.signals.create({ text: 'Price went up 50%', title: 'Pricing', status: 'paused', triage: 'acknowledged' }),
          await store.signals.create({ text: 'snake_case config fails', status: 'error', triage: 'resolved' }),
          await store.signals.create({ text: 'all quiet', title: 'LOGIN page', status: 'inactive', triage: 'ignored' }),
          await store.signals.create({ text: 'fifth', author: 'bob', status: 'active', triage: 'acknowledged' }),
        ];
        await store.saveFetchBatch('demo', [newItem(1, { text: 'from the demo source' })]);
      });
      const ids = (r: { items: SignalAdminRow[] }): number[] => r.items.map((s) => s.id);
      const base = { page: 1, pageSize: 20, sort: 'createdAt', order: 'asc' } as const;
      const at = (i: number): number => rows[i]?.id ?? -1;

      it('filters by status and source, counting every match', async () => {
        expect(ids(await store.signals.page({ ...base, status: 'active', source: 'manual' }))).toEqual([at(0), at(4)]);
        expect((await store.signals.page({ ...base, status: 'active' })).total).toBe(3);
        const manual = await store.signals.page({ ...base, source: 'manual' });
        expect(manual.total).toBe(5);
        const demo = await store.signals.page({ ...base, source: 'demo' });
        expect(demo).toMatchObject({ total: 1, items: [{ source: 'demo', text: 'from the demo source' }] });
        expect(await store.signals.page({ ...base, source: 'x' })).toEqual({ items: [], total: 0 });
      });

      it('filters by one or several triage states, with the other filters', async () => {
        expect(ids(await store.signals.page({ ...base, triage: ['acknowledged'] }))).toEqual([at(1), at(4)]);
        const demo = (await store.findItem('demo', 'ext-1'))?.id ?? -1;
        const open = await store.signals.page({ ...base, triage: ['new', 'acknowledged'] });
        expect(open.total).toBe(4);
        expect(ids(open).sort((x, y) => x - y)).toEqual([demo, at(0), at(1), at(4)].sort((x, y) => x - y));
        expect(await store.signals.page({ ...base, triage: ['resolved', 'ignored'], search: 'login' })).toMatchObject({ total: 1, items: [{ id: at(3), triage: 'ignored' }] });
        expect((await store.signals.page({ ...base, triage: ['new'], source: 'manual' })).total).toBe(1);
        expect((await store.signals.page({ ...base, triage: [] })).total).toBe(6);
        expect((await store.dashboard.matchingIds({ triage: ['acknowledged', 'ignored'] }, 10)).ids.sort((a, b) => a - b)).toEqual([at(1), at(3), at(4)]);
      });

      it('searches words of text, title and author case-insensitively; punctuation only separates words', async () => {
        expect(ids(await store.signals.page({ ...base, search: 'login' }))).toEqual([at(0), at(3)]);
        expect(ids(await store.signals.page({ ...base, search: 'ALICE' }))).toEqual([at(0)]);
        expect(ids(await store.signals.page({ ...base, search: '50%' }))).toEqual([at(1)]);
        expect((await store.signals.page({ ...base, search: '%' })).total).toBe(6);
        expect(ids(await store.signals.page({ ...base, search: 'snake_case' }))).toEqual([at(2)]);
        expect(ids(await store.signals.page({ ...base, search: 'e_c' }))).toEqual([]);
        expect(ids(await store.signals.page({ ...base, search: "'; drop table items; --" }))).toEqual([]);
        expect((await store.signals.page({ ...base, search: '' })).total).toBe(6);
        expect(await store.signals.page({ ...base, search: 'login', status: 'inactive' })).toMatchObject({ total: 1, items: [{ id: at(3) }] });
      });

      it('paginates by offset with the total over the same filters', async () => {
        const q = { ...base, source: 'manual', pageSize: 2 } as const;
        const p1 = await store.signals.page({ ...q, page: 1 });
        const p2 = await store.signals.page({ ...q, page: 2 });
        const p3 = await store.signals.page({ ...q, page: 3 });
        const p4 = await store.signals.page({ ...q, page: 4 });
        expect([p1.total, p2.total, p3.total, p4.total]).toEqual([5, 5, 5, 5]);
        expect([...ids(p1), ...ids(p2), ...ids(p3)]).toEqual(rows.map((r) => r.id));
        expect(p4.items).toEqual([]);
      });

      it('sorts by createdAt, updatedAt and status either way', async () => {
        const manual = { ...base, source: 'manual' } as const;
        expect(ids(await store.signals.page({ ...manual, order: 'desc' }))).toEqual(rows.map((r) => r.id).reverse());
        await store.signals.update(at(2), { status: 'error' });
        expect(ids(await store.signals.page({ ...manual, sort: 'updatedAt', order: 'desc' }))[0]).toBe(at(2));
        const byStatus = await store.signals.page({ ...manual, sort: 'status', order: 'asc' });
        expect(byStatus.items.map((s) => s.status)).toEqual(['active', 'active', 'error', 'inactive', 'paused']);
        expect(ids(byStatus).slice(0, 2)).toEqual([at(0), at(4)]);
      });

      it('sorts by salience with unscored signals last in both orders', async () => {
        await analyseAndScore([
          { id: at(1), salience: 10 },
          { id: at(3), salience: 90 },
          { id: at(0), salience: 50 },
        ]);
        const manual = { ...base, source: 'manual', sort: 'salience' } as const;
        expect(ids(await store.signals.page({ ...manual, order: 'desc' }))).toEqual([at(3), at(0), at(1), at(4), at(2)]);
        expect(ids(await store.signals.page({ ...manual, order: 'asc' }))).toEqual([at(1), at(0), at(3), at(2), at(4)]);
      });
    });

    it('removes one signal with its analysis and score, and reports missing ones', async () => {
      const a = await store.signals.create({ text: 'to delete' });
      await analyseAndScore([{ id: a.id, salience: 40 }]);
      expect(await store.getScore(a.id)).toBeDefined();
      expect(await store.signals.remove(a.id)).toBe(true);
      expect(await store.signals.get(a.id)).toBeUndefined();
      expect(await store.getScore(a.id)).toBeUndefined();
      expect(await store.signals.remove(a.id)).toBe(false);
      expect((await store.stats()).analyzed).toBe(0);
    });

    it('sets status and removes in bulk, counting only signals that exist', async () => {
      const made: number[] = [];
      for (const n of [1, 2, 3, 4]) made.push((await store.signals.create({ text: `bulk ${n}` })).id);
      const [a, b, c, d] = made as [number, number, number, number];
      expect(await store.signals.setStatus([], 'paused')).toBe(0);
      expect(await store.signals.setStatus([a, b, b, 999_999], 'paused')).toBe(2);
      expect((await store.signals.get(b))?.status).toBe('paused');
      expect((await store.signals.get(c))?.status).toBe('active');
      // More ids than one statement takes: chunked inside one transaction.
      const many = [c, ...Array.from({ length: 1200 }, (_, i) => 100_000 + i)];
      expect(await store.signals.setStatus(many, 'error')).toBe(1);
      expect(await store.signals.stats()).toMatchObject({ total: 4, active: 1, paused: 2, inactive: 0, error: 1 });
      expect(await store.signals.removeMany([])).toBe(0);
      expect(await store.signals.removeMany([a, c, 999_999, ...many])).toBe(2);
      expect((await store.signals.page({ page: 1, pageSize: 10, sort: 'createdAt', order: 'asc' })).items.map((s) => s.id)).toEqual([b, d]);
    });

    it('sets the triage state in bulk, counting only signals that exist, leaving status alone', async () => {
      const made: number[] = [];
      for (const n of [1, 2, 3]) made.push((await store.signals.create({ text: `triage ${n}` })).id);
      const [a, b, c] = made as [number, number, number];
      expect(await store.signals.setTriage([], 'resolved')).toBe(0);
      expect(await store.signals.setTriage([a, b, b, 999_999], 'resolved')).toBe(2);
      const many = [c, ...Array.from({ length: 1200 }, (_, i) => 100_000 + i)];
      expect(await store.signals.setTriage(many, 'ignored')).toBe(1);
      expect((await store.signals.get(a))?.triage).toBe('resolved');
      expect(await store.signals.get(c)).toMatchObject({ triage: 'ignored', status: 'active' });
      expect((await store.signals.stats()).triage).toEqual({ new: 0, acknowledged: 0, resolved: 2, ignored: 1 });
    });

    it('counts signals by status and by triage state', async () => {
      expect(await store.signals.stats()).toEqual({ total: 0, active: 0, paused: 0, inactive: 0, error: 0, triage: { new: 0, acknowledged: 0, resolved: 0, ignored: 0 } });
      for (const status of ['active', 'active', 'paused', 'inactive', 'error', 'error', 'error'] as const) await store.signals.create({ text: status, status, triage: status === 'error' ? 'acknowledged' : 'new' });
      await store.saveFetchBatch('demo', [newItem(1)]);
      expect(await store.signals.stats()).toEqual({ total: 8, active: 3, paused: 1, inactive: 1, error: 3, triage: { new: 5, acknowledged: 3, resolved: 0, ignored: 0 } });
    });
  });
}
