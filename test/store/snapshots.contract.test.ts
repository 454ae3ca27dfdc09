import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');

/** A clock the test moves forward. */
const steppingClock = () => {
  let at = T0;
  const clock: Clock = { now: () => new Date(at) };
  return { clock, advance: (ms: number) => void (at += ms), iso: (offsetMs = 0) => new Date(T0 + offsetMs).toISOString() };
};

const written = { path: '/tmp/x.json', bytes: 5_000_000_000, rows: 42, sha256: 'a'.repeat(64) };

for (const target of storeTargets()) {
  describe(`snapshots repository [${target.name}]`, () => {
    let store: Store;
    let time: ReturnType<typeof steppingClock>;
    beforeEach(async () => {
      time = steppingClock();
      store = await target.open(time.clock);
    });
    afterEach(async () => {
      await store.close();
    });

    it('records a snapshot as processing, with its filters, created now', async () => {
      const id = randomUUID();
      const s = await store.snapshots.create({ id, format: 'csv', filters: { category: 'outage', minSalience: 12.5, search: "it's 100%" } });
      expect(s).toEqual({
        id,
        status: 'processing',
        format: 'csv',
        filters: { category: 'outage', minSalience: 12.5, search: "it's 100%" },
        path: null,
        bytes: null,
        rows: null,
        sha256: null,
        error: null,
        createdAt: time.iso(),
        finishedAt: null,
      });
      expect(await store.snapshots.get(id)).toEqual(s);
      expect(await store.snapshots.get(randomUUID())).toBeUndefined();
    });

    it('completes a processing snapshot once, with numbers as numbers (bigint bytes on PostgreSQL too)', async () => {
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'json', filters: {} });
      time.advance(1_500);
      const ready = await store.snapshots.complete(id, written);
      expect(ready).toMatchObject({ id, status: 'ready', ...written, error: null, createdAt: time.iso(), finishedAt: time.iso(1_500) });
      expect(typeof ready?.bytes).toBe('number');
      expect(typeof ready?.rows).toBe('number');
      // A finished snapshot is never rewritten.
      expect(await store.snapshots.complete(id, { ...written, rows: 1 })).toBeUndefined();
      expect(await store.snapshots.fail(id, 'late')).toBeUndefined();
      expect(await store.snapshots.get(id)).toEqual(ready);
      expect(await store.snapshots.complete(randomUUID(), written)).toBeUndefined();
    });

    it('fails a processing snapshot with its reason', async () => {
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'ndjson', filters: {} });
      const failed = await store.snapshots.fail(id, 'ENOSPC: could not write the snapshot file');
      expect(failed).toMatchObject({ status: 'failed', error: 'ENOSPC: could not write the snapshot file', sha256: null, path: null, finishedAt: time.iso() });
      expect(await store.snapshots.complete(id, written)).toBeUndefined();
    });

    it('lists newest first, offset-paginated, filtered by status, with the total', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = randomUUID();
        ids.push(id);
        await store.snapshots.create({ id, format: 'json', filters: {} });
        if (i % 2 === 0) await store.snapshots.complete(id, written);
        time.advance(1_000);
      }
      const first = await store.snapshots.list({ page: 1, pageSize: 2 });
      expect(first.total).toBe(5);
      expect(first.items.map((s) => s.id)).toEqual([ids[4], ids[3]]);
      const last = await store.snapshots.list({ page: 3, pageSize: 2 });
      expect(last.items.map((s) => s.id)).toEqual([ids[0]]);
      expect((await store.snapshots.list({ page: 4, pageSize: 2 })).items).toEqual([]);
      const ready = await store.snapshots.list({ page: 1, pageSize: 10, status: 'ready' });
      expect(ready.total).toBe(3);
      expect(ready.items.map((s) => s.id)).toEqual([ids[4], ids[2], ids[0]]);
      expect(await store.snapshots.list({ page: 1, pageSize: 10, status: 'failed' })).toEqual({ items: [], total: 0 });
    });

    it('fails only processing snapshots created before the cutoff (a dead writer\'s)', async () => {
      const old = randomUUID();
      const oldReady = randomUUID();
      const fresh = randomUUID();
      await store.snapshots.create({ id: old, format: 'json', filters: {} });
      await store.snapshots.create({ id: oldReady, format: 'json', filters: {} });
      await store.snapshots.complete(oldReady, written);
      time.advance(60_000);
      await store.snapshots.create({ id: fresh, format: 'json', filters: {} });
      expect(await store.snapshots.failStale(time.iso(30_000))).toBe(1);
      expect(await store.snapshots.get(old)).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/), finishedAt: time.iso(60_000) });
      expect((await store.snapshots.get(oldReady))?.status).toBe('ready');
      expect((await store.snapshots.get(fresh))?.status).toBe('processing');
      expect(await store.snapshots.failStale(time.iso(30_000))).toBe(0);
    });

    it('refuses a duplicate id', async () => {
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'json', filters: {} });
      await expect(store.snapshots.create({ id, format: 'csv', filters: {} })).rejects.toThrow();
    });
  });
}
