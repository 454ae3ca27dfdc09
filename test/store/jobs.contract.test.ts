import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

/** A clock the test moves by hand. */
const manualClock = (start: string): Clock & { advance(ms: number): void } => {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
};

const T0 = '2026-11-20T12:00:00.000Z';

for (const target of storeTargets()) {
  describe(`jobs repository contract [${target.name}]`, () => {
    let store: Store;
    let clock: ReturnType<typeof manualClock>;
    beforeEach(async () => {
      clock = manualClock(T0);
      store = await target.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a queued job and reads it back with its params', async () => {
      const job = await store.jobs.create('bulk-status', { ids: [1, 2, 3], status: 'paused' }, 3);
      expect(job).toMatchObject({ kind: 'bulk-status', status: 'queued', total: 3, done: 0, failed: 0, result: null, error: null, cancelRequested: false, createdAt: T0, updatedAt: T0, heartbeatAt: null });
      expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.jobs.get(job.id)).toEqual(job);
      expect(job.params).toEqual({ ids: [1, 2, 3], status: 'paused' });
      expect(await store.jobs.get('no-such-job')).toBeUndefined();
    });

    it('claims a job once, then counts progress and beats the heart', async () => {
      const job = await store.jobs.create('bulk-delete', { ids: [1] }, 10);
      expect(await store.jobs.progress(job.id, { done: 1 })).toBeUndefined(); // not running yet
      clock.advance(1000);
      expect(await store.jobs.claim(job.id)).toBe(true);
      expect(await store.jobs.claim(job.id)).toBe(false);
      expect(await store.jobs.claim('no-such-job')).toBe(false);
      clock.advance(1000);
      const p1 = await store.jobs.progress(job.id, { done: 4, failed: 1 });
      expect(p1).toMatchObject({ status: 'running', done: 4, failed: 1, heartbeatAt: '2026-11-20T12:00:02.000Z' });
      clock.advance(1000);
      const p2 = await store.jobs.progress(job.id);
      expect(p2).toMatchObject({ done: 4, failed: 1, heartbeatAt: '2026-11-20T12:00:03.000Z', updatedAt: '2026-11-20T12:00:03.000Z' });
      expect(await store.jobs.progress(job.id, { done: 5 })).toMatchObject({ done: 9 });
    });

    it('moves to a terminal status once; the first terminal status wins', async () => {
      const job = await store.jobs.create('bulk-status', {}, 2);
      await store.jobs.claim(job.id);
      const done = await store.jobs.markStatus(job.id, 'succeeded', { updated: 2, nested: { ok: true } });
      expect(done).toMatchObject({ status: 'succeeded', result: { updated: 2, nested: { ok: true } }, error: null });
      expect(await store.jobs.markStatus(job.id, 'failed', undefined, 'late')).toBeUndefined();
      expect(await store.jobs.progress(job.id, { done: 1 })).toBeUndefined();
      expect(await store.jobs.get(job.id)).toMatchObject({ status: 'succeeded', error: null });
      expect(await store.jobs.markStatus('no-such-job', 'failed')).toBeUndefined();

      const bad = await store.jobs.create('refresh', {}, 1);
      expect(await store.jobs.markStatus(bad.id, 'failed', undefined, 'boom')).toMatchObject({ status: 'failed', error: 'boom', result: null });
    });

    it('deletes a finished job (succeeded, failed or cancelled), never a queued or running one', async () => {
      const queued = await store.jobs.create('bulk-delete', {}, 1);
      const running = await store.jobs.create('bulk-status', {}, 1);
      await store.jobs.claim(running.id);
      const ended = await Promise.all((['succeeded', 'failed', 'cancelled'] as const).map(async (status) => {
        const j = await store.jobs.create('bulk-status', {}, 1);
        await store.jobs.markStatus(j.id, status);
        return j.id;
      }));
      for (const id of ended) {
        expect(await store.jobs.deleteFinished(id)).toMatchObject({ id });
        expect(await store.jobs.get(id)).toBeUndefined();
        expect(await store.jobs.deleteFinished(id)).toBeUndefined();
      }
      expect(await store.jobs.deleteFinished(queued.id)).toBeUndefined();
      expect(await store.jobs.deleteFinished(running.id)).toBeUndefined();
      expect((await store.jobs.get(queued.id))?.status).toBe('queued');
      expect((await store.jobs.get(running.id))?.status).toBe('running');
      expect(await store.jobs.deleteFinished('no-such-job')).toBeUndefined();
    });

    it('prunes the finished jobs that ended before the cutoff, and only those', async () => {
      const oldDone = await store.jobs.create('bulk-status', {}, 1);
      await store.jobs.markStatus(oldDone.id, 'succeeded');
      const oldRunning = await store.jobs.create('refresh', {}, 1);
      await store.jobs.claim(oldRunning.id);
      const endedLater = await store.jobs.create('bulk-delete', {}, 1);
      clock.advance(3_600_000);
      // Created at T0 but ended an hour later: judged by when it ended.
      await store.jobs.markStatus(endedLater.id, 'cancelled');
      const cutoff = new Date(Date.parse(T0) + 1_800_000).toISOString();
      expect(await store.jobs.prune(cutoff)).toBe(1);
      expect(await store.jobs.get(oldDone.id)).toBeUndefined();
      expect((await store.jobs.get(oldRunning.id))?.status).toBe('running');
      expect((await store.jobs.get(endedLater.id))?.status).toBe('cancelled');
      expect(await store.jobs.prune(cutoff)).toBe(0);
    });

    it('cancels: a queued job at once, a running job by request, a terminal job not at all', async () => {
      const queued = await store.jobs.create('bulk-delete', {}, 1);
      expect(await store.jobs.requestCancel(queued.id)).toMatchObject({ status: 'cancelled', cancelRequested: true });
      expect(await store.jobs.claim(queued.id)).toBe(false);

      const running = await store.jobs.create('bulk-delete', {}, 1);
      await store.jobs.claim(running.id);
      expect(await store.jobs.requestCancel(running.id)).toMatchObject({ status: 'running', cancelRequested: true });
      expect(await store.jobs.progress(running.id, { done: 1 })).toMatchObject({ cancelRequested: true, done: 1 });
      expect(await store.jobs.markStatus(running.id, 'cancelled', { deleted: 1 })).toMatchObject({ status: 'cancelled', result: { deleted: 1 } });

      expect(await store.jobs.requestCancel(running.id)).toBeUndefined();
      expect(await store.jobs.requestCancel('no-such-job')).toBeUndefined();
    });

    it('fails jobs whose heartbeat stopped, and only those', async () => {
      const stale = await store.jobs.create('bulk-status', {}, 1);
      await store.jobs.claim(stale.id); // heartbeat at T0
      const neverClaimed = await store.jobs.create('bulk-status', {}, 1); // updated at T0
      const finished = await store.jobs.create('bulk-status', {}, 1);
      await store.jobs.markStatus(finished.id, 'succeeded', {});
      clock.advance(90_000);
      const fresh = await store.jobs.create('bulk-status', {}, 1);
      await store.jobs.claim(fresh.id);

      const cutoff = new Date(clock.now().getTime() - 60_000).toISOString();
      expect(await store.jobs.failStale(cutoff)).toBe(2);
      expect(await store.jobs.get(stale.id)).toMatchObject({ status: 'failed', error: `interrupted: no heartbeat since ${T0}` });
      expect(await store.jobs.get(neverClaimed.id)).toMatchObject({ status: 'failed', error: `interrupted: no heartbeat since ${T0}` });
      expect(await store.jobs.get(finished.id)).toMatchObject({ status: 'succeeded', error: null });
      expect(await store.jobs.get(fresh.id)).toMatchObject({ status: 'running' });
      expect(await store.jobs.failStale(cutoff)).toBe(0);
      // A runner that comes back after being failed finds its job gone from under it.
      expect(await store.jobs.progress(stale.id, { done: 1 })).toBeUndefined();
    });

    it('records the owner and fails the active jobs of owners that are gone, and only those', async () => {
      const dead = await store.jobs.createExclusive('refresh', {}, 1, 'host-a:111:dead');
      const alive = await store.jobs.create('bulk-status', {}, 1, 'host-a:222:live');
      const finished = await store.jobs.create('bulk-status', {}, 1, 'host-a:111:dead');
      await store.jobs.markStatus(finished.id, 'succeeded', {});
      const legacy = await store.jobs.create('bulk-status', {}, 1);
      expect(dead?.owner).toBe('host-a:111:dead');
      expect(legacy.owner).toBeNull();
      await store.jobs.claim(dead?.id ?? '');
      const seen: string[] = [];
      const n = await store.jobs.failOrphaned((o) => (seen.push(o), o.endsWith(':dead')), 'interrupted: gone');
      expect(n).toBe(1);
      expect(seen.sort()).toEqual(['host-a:111:dead', 'host-a:222:live']);
      expect(await store.jobs.get(dead?.id ?? '')).toMatchObject({ status: 'failed', error: 'interrupted: gone' });
      expect(await store.jobs.get(alive.id)).toMatchObject({ status: 'queued' });
      expect(await store.jobs.get(finished.id)).toMatchObject({ status: 'succeeded' });
      // The exclusive slot is free again at once.
      expect(await store.jobs.createExclusive('refresh', {}, 1, 'host-a:333:new')).toBeDefined();
    });

    it('creates an exclusive job only while none of its kind is queued or running, even when racing', async () => {
      const first = await store.jobs.createExclusive('refresh', { n: 1 }, 1);
      expect(first).toMatchObject({ kind: 'refresh', status: 'queued' });
      expect(await store.jobs.createExclusive('refresh', {}, 1)).toBeUndefined();
      expect(await store.jobs.createExclusive('bulk-status', {}, 1)).toBeDefined(); // other kinds are independent
      await store.jobs.claim(first?.id ?? '');
      expect(await store.jobs.createExclusive('refresh', {}, 1)).toBeUndefined();
      await store.jobs.markStatus(first?.id ?? '', 'succeeded', {});

      const race = await Promise.all(Array.from({ length: 8 }, () => store.jobs.createExclusive('refresh', {}, 1)));
      expect(race.filter((j) => j !== undefined)).toHaveLength(1);
    });
  });
}
