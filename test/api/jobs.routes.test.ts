import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { buildApp } from '../../src/api/app.js';
import type { ApiDeps } from '../../src/api/deps.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { jobEventStream } from '../../src/jobs/job-stream.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createDemoSource } from '../../src/sources/demo/demo.source.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

interface JobJson {
  id: string;
  kind: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  cancelRequested: boolean;
  createdAt: string;
  updatedAt: string;
  error?: string;
  result?: Record<string, unknown>;
}

interface SseEvent {
  event: string;
  data: string;
}

const TERMINAL = ['succeeded', 'failed', 'cancelled'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The same store, with every bulk write taking `ms` longer: a slow database, so a job runs long enough to watch. */
const slowed = (store: Store, ms: number): Store => ({
  ...store,
  signals: {
    ...store.signals,
    setStatus: async (ids, status) => (await sleep(ms), store.signals.setStatus(ids, status)),
    removeMany: async (ids) => (await sleep(ms), store.signals.removeMany(ids)),
  },
});

/** A demo source that fetches nothing until the gate opens: holds a refresh in `running`. */
const gatedDemoSource = (): { source: Source; open: () => void } => {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((r) => (open = r));
  const demo = createDemoSource({ batchSize: 1000 });
  return {
    open: () => open(),
    source: {
      name: demo.name,
      async *fetch(ctx) {
        await gate;
        yield* demo.fetch(ctx);
      },
    },
  };
};

/** Reads a server-sent event stream to its end (or until `onEvent` returns true and aborts). */
const readSse = async (url: string, onEvent?: (e: SseEvent) => Promise<boolean | void> | boolean | void) => {
  const res = await fetch(url);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  if (!res.body) throw new Error('no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const lines = block.split('\n');
      comments.push(...lines.filter((l) => l.startsWith(':')));
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (event === undefined || data === undefined) continue;
      const e = { event, data };
      events.push(e);
      await onEvent?.(e);
    }
  }
  return { status: res.status, contentType: res.headers.get('content-type'), events, comments, rest: buffer };
};

for (const target of storeTargets()) {
  describe(`bulk jobs, SSE and refresh [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    let slowApp: FastifyInstance;
    let slowUrl: string;
    let gate: ReturnType<typeof gatedDemoSource>;

    const baseDeps = (s: Store, pipelineDeps?: () => PipelineDeps): ApiDeps => ({
      store: s,
      clock: fixedClock(DEMO_NOW),
      log: silentLogger(),
      api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 100_000 } }),
      version: 'test',
      pipelineDeps,
    });

    beforeAll(async () => {
      store = await demoStore(target);
      gate = gatedDemoSource();
      const pipelineDeps = (): PipelineDeps => ({
        store,
        sources: [gate.source],
        analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'] }),
        notifiers: [],
        clock: fixedClock(DEMO_NOW),
        log: silentLogger(),
        scoring: scoringConfigSchema.parse({}),
        batchSize: 1000,
      });
      app = await buildApp(baseDeps(store, pipelineDeps));
      slowApp = await buildApp(baseDeps(slowed(store, 100)));
      slowUrl = await slowApp.listen({ host: '127.0.0.1', port: 0 });
    }, 60_000);
    afterAll(async () => {
      gate.open();
      await app.close();
      await slowApp.close();
      await store.close();
    });

    const post = async (url: string, payload?: unknown, on: FastifyInstance = app) => {
      const r = await on.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
      return { status: r.statusCode, body: r.json() as Record<string, unknown>, headers: r.headers };
    };
    const getJob = async (id: string): Promise<{ status: number; body: JobJson }> => {
      const r = await app.inject({ method: 'GET', url: `/bulk-jobs/${id}` });
      return { status: r.statusCode, body: r.json() as JobJson };
    };
    const settled = async (id: string): Promise<JobJson> => {
      for (let i = 0; i < 300; i++) {
        const { body } = await getJob(id);
        if (TERMINAL.includes(body.status)) return body;
        await sleep(50);
      }
      throw new Error(`job ${id} did not end`);
    };
    const signalIds = async (n: number): Promise<number[]> => (await store.listSignals({ limit: n })).map((s) => s.id);

    it('bulk status: 202 with a job that ends succeeded, counting missing ids as failed, and the signals changed', async () => {
      const ids = await signalIds(25);
      const r = await post('/signals/bulk/status', { ids: [...ids, 99_999_999], status: 'paused' });
      expect(r.status).toBe(202);
      const jobId = r.body.jobId as string;
      expect(r.headers.location).toBe(`/bulk-jobs/${jobId}`);
      const job = await settled(jobId);
      expect(job).toMatchObject({ id: jobId, kind: 'bulk-status', status: 'succeeded', total: 26, done: 25, failed: 1, cancelRequested: false, result: { status: 'paused', updated: 25, missing: 1 } });
      expect(job).not.toHaveProperty('error');
      for (const id of ids) expect((await store.signals.get(id))?.status).toBe('paused');
      await settled((await post('/signals/bulk/status', { ids, status: 'active' })).body.jobId as string);
      expect((await store.signals.get(ids[0] ?? 0))?.status).toBe('active');
    });

    it('bulk delete: removes the signals with their items', async () => {
      const ids = (await signalIds(200)).slice(-3);
      const r = await post('/signals/bulk/delete', { ids });
      expect(r.status).toBe(202);
      expect(await settled(r.body.jobId as string)).toMatchObject({ kind: 'bulk-delete', status: 'succeeded', total: 3, done: 3, failed: 0, result: { deleted: 3, missing: 0 } });
      for (const id of ids) {
        expect(await store.signals.get(id)).toBeUndefined();
        expect(await store.getItem(id)).toBeUndefined();
      }
    });

    it.each([
      ['/signals/bulk/status', { ids: [], status: 'paused' }, 'body.ids'],
      ['/signals/bulk/status', { ids: [1, 2, 1], status: 'paused' }, 'body.ids'],
      ['/signals/bulk/status', { ids: [0], status: 'paused' }, 'body.ids.0'],
      ['/signals/bulk/status', { ids: ['x'], status: 'paused' }, 'body.ids.0'],
      ['/signals/bulk/status', { ids: Array.from({ length: 10_001 }, (_, i) => i + 1), status: 'paused' }, 'body.ids'],
      ['/signals/bulk/status', { ids: [1], status: 'archived' }, 'body.status'],
      ['/signals/bulk/status', { ids: [1] }, 'body.status'],
      ['/signals/bulk/status', { ids: [1], status: 'paused', filters: {} }, 'body'],
      ['/signals/bulk/delete', { status: 'paused' }, 'body.ids'],
      ['/refresh?notify_threshold=101', undefined, 'querystring.notify_threshold'],
      ['/refresh?notify_limit=51', undefined, 'querystring.notify_limit'],
    ])('POST %s → 400 naming %s', async (url, payload, field) => {
      const r = await post(url, payload);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'INPUT_INVALID' } });
      expect(JSON.stringify(r.body)).toContain(field);
    });

    it('unknown jobs: 404 on read, stream and cancel', async () => {
      expect((await getJob('nope')).status).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/bulk-jobs/nope/stream' })).statusCode).toBe(404);
      expect((await post('/bulk-jobs/nope/cancel')).status).toBe(404);
    });

    it('SSE: watches a bulk job from start to completion over a real listener, then the stream closes', async () => {
      const ids = Array.from({ length: 2000 }, (_, i) => 50_000_000 + i); // 10 chunks, 100 ms each
      const { jobId } = (await post('/signals/bulk/status', { ids, status: 'inactive' }, slowApp)).body as { jobId: string };
      const sse = await readSse(`${slowUrl}/bulk-jobs/${jobId}/stream`);
      expect(sse.status).toBe(200);
      expect(sse.contentType).toContain('text/event-stream');
      const names = sse.events.map((e) => e.event);
      expect(names.filter((n) => n === 'progress').length).toBeGreaterThanOrEqual(2);
      expect(names.at(-1)).toBe('succeeded');
      expect(names.slice(0, -1).every((n) => n === 'progress')).toBe(true);
      const progress = sse.events.slice(0, -1).map((e) => JSON.parse(e.data) as JobJson);
      expect(progress.some((j) => j.status === 'running' && j.failed > 0 && j.failed < 2000)).toBe(true);
      const counts = progress.map((j) => j.failed);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(JSON.parse(sse.events.at(-1)?.data ?? '{}')).toMatchObject({ id: jobId, status: 'succeeded', done: 0, failed: 2000 });
      expect(sse.rest).toBe('');
    });

    it('SSE: cancelling a running job ends the stream with a `cancelled` event; cancelling again is 409', async () => {
      const ids = Array.from({ length: 4000 }, (_, i) => 60_000_000 + i); // 20 chunks, 100 ms each
      const { jobId } = (await post('/signals/bulk/status', { ids, status: 'inactive' }, slowApp)).body as { jobId: string };
      let cancel: { status: number; body: Record<string, unknown> } | undefined;
      const sse = await readSse(`${slowUrl}/bulk-jobs/${jobId}/stream`, async (e) => {
        const job = JSON.parse(e.data) as JobJson;
        if (cancel === undefined && e.event === 'progress' && job.status === 'running' && job.failed > 0) cancel = await post(`/bulk-jobs/${jobId}/cancel`);
      });
      expect(cancel).toMatchObject({ status: 202, body: { id: jobId, status: 'running', cancelRequested: true } });
      expect(sse.events.at(-1)?.event).toBe('cancelled');
      const last = JSON.parse(sse.events.at(-1)?.data ?? '{}') as JobJson;
      expect(last).toMatchObject({ status: 'cancelled', cancelRequested: true });
      expect(last.failed).toBeGreaterThan(0);
      expect(last.failed).toBeLessThan(4000);
      expect(last.result).toMatchObject({ missing: last.failed });
      const again = await post(`/bulk-jobs/${jobId}/cancel`);
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    });

    it('SSE on a job that already ended: its state, the terminal event, then the end', async () => {
      const { jobId } = (await post('/signals/bulk/status', { ids: [70_000_000], status: 'paused' })).body as { jobId: string };
      await settled(jobId);
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      const sse = await readSse(`${address}/bulk-jobs/${jobId}/stream`);
      expect(sse.events.map((e) => e.event)).toEqual(['progress', 'succeeded']);
    });

    it('refresh: 202, then 409 while it runs; the job ends succeeded with the run counts', async () => {
      const first = await post('/refresh?notify_threshold=90&notify_limit=5');
      expect(first.status).toBe(202);
      const jobId = first.body.jobId as string;
      const second = await post('/refresh');
      expect(second).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
      expect((await getJob(jobId)).body).toMatchObject({ kind: 'refresh', total: 1 });
      expect(['queued', 'running']).toContain((await getJob(jobId)).body.status);
      expect((await store.jobs.get(jobId))?.params).toEqual({ notifyThreshold: 90, notifyLimit: 5 });
      gate.open();
      const job = await settled(jobId);
      expect(job).toMatchObject({ status: 'succeeded', done: 1, result: { status: 'succeeded', fetch: { failed: 0 }, analyze: { failed: 0 }, score: { failed: 0 }, notify: {} } });
      expect(typeof job.result?.runId).toBe('number');
      // Done: another refresh may start.
      const third = await post('/refresh');
      expect(third.status).toBe(202);
      expect(await settled(third.body.jobId as string)).toMatchObject({ status: 'succeeded' });
    });

    it('refresh without pipeline dependencies: 503', async () => {
      expect(await post('/refresh', undefined, slowApp)).toMatchObject({ status: 503, body: { error: { code: 'PIPELINE_UNAVAILABLE' } } });
    });

    it('a job whose process died (no heartbeat for a minute) reads as failed, on GET and on the stream', async () => {
      const later = await buildApp({ ...baseDeps(store), clock: fixedClock(new Date(DEMO_NOW.getTime() + 120_000)) });
      try {
        const orphan = await store.jobs.create('bulk-delete', { ids: [1] }, 1);
        await store.jobs.claim(orphan.id); // heartbeat at DEMO_NOW, then its process "dies"
        const r = await later.inject({ method: 'GET', url: `/bulk-jobs/${orphan.id}` });
        expect(r.json()).toMatchObject({ status: 'failed', error: `interrupted: no heartbeat since ${DEMO_NOW.toISOString()}` });

        const other = await store.jobs.create('bulk-delete', { ids: [1] }, 1);
        await store.jobs.claim(other.id);
        const url = await later.listen({ host: '127.0.0.1', port: 0 });
        const sse = await readSse(`${url}/bulk-jobs/${other.id}/stream`);
        expect(sse.events.map((e) => e.event)).toEqual(['progress', 'failed']);
      } finally {
        await later.close();
      }
    });

    it('the stream writes keep-alive comments while nothing changes, and end() closes it', async () => {
      const idle = await store.jobs.create('bulk-status', {}, 1);
      await store.jobs.claim(idle.id);
      const stream = jobEventStream(
        { jobs: store.jobs, log: silentLogger(), toBody: (j) => ({ id: j.id, status: j.status }), failStale: async () => 0, staleBefore: () => '0000' },
        idle.id,
        { pollMs: 20, keepAliveMs: 30 },
      );
      let text = '';
      stream.body.on('data', (c: Buffer) => (text += c.toString()));
      await sleep(200);
      stream.end();
      await stream.ended;
      expect(text.startsWith('retry: 2000\n\n')).toBe(true);
      expect(text.match(/^event: progress$/gm)).toHaveLength(1);
      expect((text.match(/^: keep-alive$/gm) ?? []).length).toBeGreaterThanOrEqual(2);
      await sleep(10);
      expect(stream.body.readableEnded).toBe(true);
      await store.jobs.markStatus(idle.id, 'cancelled');
    });

    it('closing the server ends open streams and interrupts the jobs it runs', async () => {
      const local = await buildApp(baseDeps(slowed(store, 200)));
      const url = await local.listen({ host: '127.0.0.1', port: 0 });
      const ids = Array.from({ length: 10_000 }, (_, i) => 80_000_000 + i);
      const { jobId } = (await post('/signals/bulk/delete', { ids }, local)).body as { jobId: string };
      let closing: Promise<void> | undefined;
      const t0 = Date.now();
      const sse = await readSse(`${url}/bulk-jobs/${jobId}/stream`, (e) => {
        if (closing === undefined && (JSON.parse(e.data) as JobJson).status === 'running') closing = local.close();
      });
      await closing;
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(sse.events.every((e) => e.event === 'progress')).toBe(true);
      expect(await store.jobs.get(jobId)).toMatchObject({ status: 'failed', error: 'interrupted: server shut down before the job finished' });
    });
  });
}
