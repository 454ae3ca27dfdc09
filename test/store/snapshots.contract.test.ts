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

const written = { bytes: 5_000_000_000, rows: 42, sha256: 'a'.repeat(64) };

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
      expect(failed).toMatchObject({ status: 'failed', error: 'ENOSPC: could not write the snapshot file', sha256: null, finishedAt: time.iso() });
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

    /** A snapshot made ready with `chunks` as its stored content. */
    const stored = async (chunks: readonly string[], status: 'ready' | 'failed' | 'processing' = 'ready'): Promise<string> => {
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'json', filters: {} });
      for (const [seq, c] of chunks.entries()) await store.snapshots.appendChunk(id, seq, Buffer.from(c));
      if (status === 'ready') await store.snapshots.complete(id, { ...written, bytes: chunks.join('').length });
      if (status === 'failed') await store.snapshots.fail(id, 'boom');
      return id;
    };
    const contentOf = async (id: string): Promise<string[]> => {
      const out: string[] = [];
      for (let seq = 0; ; seq++) {
        const c = await store.snapshots.readChunk(id, seq);
        if (!c) return out;
        out.push(c.toString('utf8'));
      }
    };

    it('stores content in chunks, byte for byte, read back in order by any connection to the store', async () => {
      const binary = Buffer.from([0, 255, 10, 13, 0x80, 0]);
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'csv', filters: {} });
      await store.snapshots.appendChunk(id, 0, Buffer.from('héllo,'));
      // A view into a larger buffer stores only its own bytes.
      await store.snapshots.appendChunk(id, 1, Buffer.concat([Buffer.from('xx'), binary]).subarray(2));
      expect((await store.snapshots.readChunk(id, 0))?.toString('utf8')).toBe('héllo,');
      expect(await store.snapshots.readChunk(id, 1)).toEqual(binary);
      expect(await store.snapshots.readChunk(id, 2)).toBeUndefined();
      expect(await store.snapshots.readChunk(randomUUID(), 0)).toBeUndefined();
      // The same chunk twice is refused, and so is content for a snapshot that does not exist.
      await expect(store.snapshots.appendChunk(id, 1, Buffer.from('again'))).rejects.toThrow();
      await expect(store.snapshots.appendChunk(randomUUID(), 0, Buffer.from('orphan'))).rejects.toThrow();
    });

    it('a failed snapshot keeps none of its content, also when it was failed as stale while its writer went on', async () => {
      const failed = await stored(['a', 'b'], 'failed');
      expect(await contentOf(failed)).toEqual([]);
      const stale = await stored(['a']);
      const late = randomUUID();
      await store.snapshots.create({ id: late, format: 'json', filters: {} });
      await store.snapshots.appendChunk(late, 0, Buffer.from('x'));
      time.advance(60_000);
      expect(await store.snapshots.failStale(time.iso(30_000))).toBe(1);
      expect(await contentOf(late)).toEqual([]);
      await store.snapshots.appendChunk(late, 1, Buffer.from('y'));
      expect(await store.snapshots.fail(late, 'writer noticed')).toBeUndefined();
      expect(await contentOf(late)).toEqual([]);
      expect(await store.snapshots.get(late)).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
      expect(await contentOf(stale)).toEqual(['a']);
    });

    it('deletes a finished snapshot with its content; never a processing one; undefined when unknown', async () => {
      const ready = await stored(['one', 'two']);
      const failed = await stored([], 'failed');
      const processing = await stored(['half'], 'processing');
      const kept = await stored(['kept']);
      expect(await store.snapshots.deleteFinished(ready)).toMatchObject({ id: ready, status: 'ready' });
      expect(await store.snapshots.get(ready)).toBeUndefined();
      expect(await contentOf(ready)).toEqual([]);
      expect(await store.snapshots.deleteFinished(ready)).toBeUndefined();
      expect(await store.snapshots.deleteFinished(failed)).toMatchObject({ id: failed, status: 'failed' });
      expect(await store.snapshots.deleteFinished(processing)).toBeUndefined();
      expect(await store.snapshots.get(processing)).toMatchObject({ status: 'processing' });
      expect(await contentOf(processing)).toEqual(['half']);
      expect(await store.snapshots.deleteFinished(randomUUID())).toBeUndefined();
      expect(await contentOf(kept)).toEqual(['kept']);
      // Its writer, if any, can no longer add content.
      await expect(store.snapshots.appendChunk(ready, 2, Buffer.from('late'))).rejects.toThrow();
    });

    it('prunes by age and by count, newest kept, never a processing snapshot, with their content', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        ids.push(await stored([`s${i}`], i === 1 ? 'failed' : i === 0 ? 'processing' : 'ready'));
        time.advance(3_600_000);
      }
      // Created at T0 + 0h … 5h; now is T0 + 6h. Nothing to do without limits.
      expect(await store.snapshots.prune({})).toBe(0);
      // Older than 4.5 hours: created at 0h (processing: kept) and 1h (failed: pruned).
      expect(await store.snapshots.prune({ createdBefore: time.iso(1.5 * 3_600_000) })).toBe(1);
      expect(await store.snapshots.get(ids[1] as string)).toBeUndefined();
      // Keep the newest 2 finished: 5h and 4h stay, 3h and 2h go; the processing one still stays.
      expect(await store.snapshots.prune({ keep: 2 })).toBe(2);
      const left = (await store.snapshots.list({ page: 1, pageSize: 10 })).items.map((s) => s.id);
      expect(left).toEqual([ids[5], ids[4], ids[0]]);
      expect(await contentOf(ids[2] as string)).toEqual([]);
      expect(await contentOf(ids[5] as string)).toEqual(['s5']);
      // Both limits together: whatever either removes.
      expect(await store.snapshots.prune({ createdBefore: time.iso(4.5 * 3_600_000), keep: 5 })).toBe(1);
      expect((await store.snapshots.list({ page: 1, pageSize: 10 })).items.map((s) => s.id)).toEqual([ids[5], ids[0]]);
    });

    it('refuses a duplicate id', async () => {
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'json', filters: {} });
      await expect(store.snapshots.create({ id, format: 'csv', filters: {} })).rejects.toThrow();
    });
  });
}
