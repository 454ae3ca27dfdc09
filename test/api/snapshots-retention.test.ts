import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, loadDemo } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

interface SnapshotJson {
  id: string;
  status: string;
  bytes: number;
  sha256: string;
}

const HOUR = 3_600_000;
const ADMIN = 'admin-key-aaaaaaaaaaaaaaaa';
const READ = 'read-key-bbbbbbbbbbbbbbbbbb';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A clock the test moves by hand. */
const manualClock = (): Clock & { advance(ms: number): void } => {
  let t = DEMO_NOW.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
};

/**
 * Issue 13 item 15: snapshot content lives in the store, so a replica serves what another one took;
 * DELETE routes; retention of snapshots and jobs. Two stores on one database stand for two replicas.
 */
for (const target of storeTargets()) {
  describe(`snapshots and jobs across replicas, DELETE and retention [${target.name}]`, () => {
    let storeA: Store;
    let storeB: Store;
    let replicaA: FastifyInstance;
    let replicaB: FastifyInstance;
    const clock = manualClock();
    const opened: FastifyInstance[] = [];

    const build = async (store: Store, api: Record<string, unknown> = {}, at: Clock = clock): Promise<FastifyInstance> => {
      const app = await buildApp({ store, clock: at, log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 }, ...api }), version: 'test' });
      opened.push(app);
      await app.ready();
      return app;
    };
    const take = async (on: FastifyInstance, format = 'csv'): Promise<SnapshotJson> => {
      const r = await on.inject({ method: 'POST', url: '/snapshots', payload: { format, filters: { category: 'outage' } } });
      expect(r.statusCode).toBe(201);
      return r.json() as SnapshotJson;
    };
    const status = async (on: FastifyInstance, method: 'GET' | 'DELETE', url: string, key?: string): Promise<number> =>
      (await on.inject({ method, url, headers: key ? { 'x-api-key': key } : {} })).statusCode;
    const listIds = async (on: FastifyInstance): Promise<string[]> =>
      ((await on.inject({ method: 'GET', url: '/snapshots?pageSize=100' })).json() as { items: SnapshotJson[] }).items.map((s) => s.id);
    const finishedJob = async (store: Store, end: 'succeeded' | 'failed' | 'cancelled' = 'succeeded'): Promise<string> => {
      const job = await store.jobs.create('bulk-status', { ids: [1] }, 1);
      await store.jobs.markStatus(job.id, end, { updated: 1 });
      return job.id;
    };

    beforeAll(async () => {
      [storeA, storeB] = await target.openPair([clock, clock]);
      await loadDemo(storeA);
      replicaA = await build(storeA);
      replicaB = await build(storeB);
    }, 60_000);
    afterAll(async () => {
      for (const app of opened) await app.close();
      await storeB.close();
      await storeA.close();
    });

    it('a snapshot taken on one replica is listed, read and downloaded on another, byte for byte', async () => {
      for (const format of ['csv', 'json', 'ndjson']) {
        const s = await take(replicaA, format);
        expect(await listIds(replicaB)).toContain(s.id);
        expect((await replicaB.inject({ method: 'GET', url: `/snapshots/${s.id}` })).json()).toMatchObject({ id: s.id, status: 'ready', sha256: s.sha256 });
        const d = await replicaB.inject({ method: 'GET', url: `/snapshots/${s.id}/download` });
        expect(d.statusCode).toBe(200);
        expect(d.headers['content-disposition']).toBe(`attachment; filename="snapshot-${s.id}.${format}"`);
        expect(d.headers['x-checksum-sha256']).toBe(s.sha256);
        expect(Number(d.headers['content-length'])).toBe(s.bytes);
        expect(sha256(d.rawPayload)).toBe(s.sha256);
        const same = await replicaA.inject({ method: 'GET', url: `/snapshots/${s.id}/download` });
        expect(same.rawPayload.equals(d.rawPayload)).toBe(true);
      }
    });

    it('DELETE /snapshots/{id} on one replica removes the snapshot and its content for every replica', async () => {
      const s = await take(replicaA);
      expect(await status(replicaB, 'DELETE', `/snapshots/${s.id.toUpperCase()}`)).toBe(204);
      expect(await status(replicaA, 'GET', `/snapshots/${s.id}`)).toBe(404);
      expect(await status(replicaA, 'GET', `/snapshots/${s.id}/download`)).toBe(404);
      expect(await listIds(replicaA)).not.toContain(s.id);
      expect(await storeA.snapshots.readChunk(s.id, 0)).toBeUndefined();
      const again = await replicaA.inject({ method: 'DELETE', url: `/snapshots/${s.id}` });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining(s.id) } });
      const bad = await replicaA.inject({ method: 'DELETE', url: '/snapshots/not-a-uuid' });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('params.id');
    });

    it('DELETE /snapshots/{id}: a failed one goes, one still being written is 409 and kept', async () => {
      const failed = randomUUID();
      await storeA.snapshots.create({ id: failed, format: 'json', filters: {} });
      await storeA.snapshots.fail(failed, 'boom');
      expect(await status(replicaA, 'DELETE', `/snapshots/${failed}`)).toBe(204);
      const writing = randomUUID();
      await storeA.snapshots.create({ id: writing, format: 'json', filters: {} });
      const r = await replicaB.inject({ method: 'DELETE', url: `/snapshots/${writing}` });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringMatching(/still being written/) } });
      expect((await storeA.snapshots.get(writing))?.status).toBe('processing');
      await storeA.snapshots.fail(writing, 'test over');
    });

    it('DELETE /bulk-jobs/{id}: a finished job goes (204, then 404); a running one is 409 and kept', async () => {
      for (const end of ['succeeded', 'failed', 'cancelled'] as const) {
        const id = await finishedJob(storeA, end);
        expect(await status(replicaB, 'DELETE', `/bulk-jobs/${id}`)).toBe(204);
        expect(await status(replicaA, 'GET', `/bulk-jobs/${id}`)).toBe(404);
        expect(await status(replicaA, 'DELETE', `/bulk-jobs/${id}`)).toBe(404);
      }
      const running = await storeA.jobs.create('bulk-delete', { ids: [1] }, 1);
      await storeA.jobs.claim(running.id);
      const r = await replicaA.inject({ method: 'DELETE', url: `/bulk-jobs/${running.id}` });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringMatching(/is running; cancel it/) } });
      expect((await storeA.jobs.get(running.id))?.status).toBe('running');
      await storeA.jobs.markStatus(running.id, 'cancelled');
      const unknown = await replicaA.inject({ method: 'DELETE', url: '/bulk-jobs/no-such-job' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('a real job deletes once it has ended', async () => {
      const r = await replicaA.inject({ method: 'POST', url: '/signals/bulk/status', payload: { ids: [1, 2], status: 'paused' } });
      const { jobId } = r.json() as { jobId: string };
      let job: { status: string } = { status: 'queued' };
      while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        job = (await replicaA.inject({ method: 'GET', url: `/bulk-jobs/${jobId}` })).json() as { status: string };
      }
      expect(await status(replicaB, 'DELETE', `/bulk-jobs/${jobId}`)).toBe(204);
    });

    it('DELETE needs an admin key when keys are set: a read key is 403 and nothing is deleted', async () => {
      const secured = await build(storeA, { keys: [ADMIN], readKeys: [READ] });
      const s = await take(replicaA);
      const job = await finishedJob(storeA);
      for (const url of [`/snapshots/${s.id}`, `/bulk-jobs/${job}`]) {
        expect(await status(secured, 'DELETE', url)).toBe(401);
        expect(await status(secured, 'DELETE', url, READ)).toBe(403);
        expect(await status(secured, 'GET', url, READ)).toBe(200);
        expect(await status(secured, 'DELETE', url, ADMIN)).toBe(204);
      }
    });

    it('keeps only the newest api.snapshotRetention.maxCount snapshots, pruned as each new one is taken', async () => {
      await storeA.snapshots.prune({ keep: 0 });
      const keepTwo = await build(storeB, { snapshotRetention: { maxCount: 2, maxAgeHours: 0 } });
      const taken: SnapshotJson[] = [];
      for (let i = 0; i < 3; i++) {
        clock.advance(1000);
        taken.push(await take(keepTwo));
      }
      expect(await listIds(replicaA)).toEqual([taken[2]?.id, taken[1]?.id]);
      const first = taken[0] as SnapshotJson;
      expect(await status(replicaA, 'GET', `/snapshots/${first.id}/download`)).toBe(404);
      expect(await storeA.snapshots.readChunk(first.id, 0)).toBeUndefined();
    });

    it('a replica starting after the retention period deletes the old finished snapshots and jobs; recent and unfinished ones stay', async () => {
      const oldSnapshot = await take(replicaA);
      const oldJob = await finishedJob(storeA);
      const activeJob = await storeA.jobs.create('bulk-status', { ids: [1] }, 1);
      clock.advance(5 * HOUR);
      const recentSnapshot = await take(replicaA);
      const recentJob = await finishedJob(storeA);
      // Four hours on, with a retention of six hours: the first two are 9 h old, the others 4 h.
      clock.advance(4 * HOUR);
      const later = await build(storeB, { snapshotRetention: { maxAgeHours: 6, maxCount: 0 }, jobRetention: { maxAgeHours: 6 } });
      expect(await listIds(later)).toEqual([recentSnapshot.id]);
      expect(await storeA.snapshots.readChunk(oldSnapshot.id, 0)).toBeUndefined();
      expect(await status(later, 'GET', `/bulk-jobs/${oldJob}`)).toBe(404);
      expect(await status(later, 'GET', `/bulk-jobs/${recentJob}`)).toBe(200);
      // The never-claimed job was failed at start (no sign of life for 9 h), so it ended just now: kept.
      expect((await storeA.jobs.get(activeJob.id))?.status).toBe('failed');
    });
  });
}
