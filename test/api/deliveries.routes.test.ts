import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { AppError } from '../../src/domain/errors.js';
import type { Notifier } from '../../src/notify/notifier.port.js';
import { notifyChannel } from '../../src/notify/notify.service.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const READ = 'read-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';

describe.each(storeTargets())('GET /deliveries and POST /deliveries/{id}/redeliver on $name', (target) => {
  let store: Store;
  let app: FastifyInstance;
  beforeEach(async () => {
    store = await target.open(fixedClock(NOW));
    app = await buildApp({ store, clock: fixedClock(NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ] }), version: 'test' });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('lists attempts newest first (read key), pages, filters, and re-queues a failed batch (admin key only)', async () => {
    await store.saveFetchBatch('demo', [newItem(1), newItem(2)]);
    const items = await store.pendingAnalysis(0, 10);
    await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: NOW.toISOString() })));
    await store.saveScores(items.map((it) => ({ itemId: it.id, salience: 90, breakdown: {} as never, scoredAt: NOW.toISOString() })));
    let fail = true;
    const n: Notifier = {
      channel: 'webhook:ops',
      settings: { threshold: 80, limit: 10, digestThreshold: 10 },
      async send() {
        if (fail) throw new AppError('UPSTREAM_REJECTED', 'receiver rejected the message: 400 bad', { retryable: false, upstreamStatus: 400 });
        return { statusCode: 204 };
      },
    };
    await notifyChannel({ outbox: store.outbox, clock: fixedClock(NOW), log: silentLogger() }, n);

    expect((await app.inject({ method: 'GET', url: '/deliveries' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/deliveries?limit=1', headers: { 'x-api-key': READ } });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ deliveries: Array<{ id: number; outcome: string; statusCode: number; channel: string; error: string }>; nextBefore: number | null; disabledChannels: unknown[] }>();
    expect(page.deliveries).toHaveLength(1);
    expect(page.deliveries[0]).toMatchObject({ outcome: 'failed', statusCode: 400, channel: 'webhook:ops', attempt: 1, kind: 'single', itemCount: 1 });
    expect(page.deliveries[0]?.error).toMatch(/400 bad/);
    expect(page.disabledChannels).toEqual([]);
    const older = await app.inject({ method: 'GET', url: `/deliveries?limit=1&before=${page.nextBefore}`, headers: { 'x-api-key': READ } });
    expect(older.json<{ deliveries: Array<{ id: number }> }>().deliveries[0]?.id).toBeLessThan(page.deliveries[0]?.id ?? 0);
    expect((await app.inject({ method: 'GET', url: '/deliveries?outcome=sent', headers: { 'x-api-key': READ } })).json<{ deliveries: unknown[] }>().deliveries).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/deliveries?outcome=bogus', headers: { 'x-api-key': READ } })).statusCode).toBe(400);

    const id = page.deliveries[0]?.id ?? 0;
    expect((await app.inject({ method: 'POST', url: `/deliveries/${id}/redeliver`, headers: { 'x-api-key': READ } })).statusCode).toBe(403);
    const redo = await app.inject({ method: 'POST', url: `/deliveries/${id}/redeliver`, headers: { 'x-api-key': ADMIN } });
    expect(redo.statusCode).toBe(202);
    expect(redo.json()).toMatchObject({ deliveryId: id, channel: 'webhook:ops', requeued: 1 });
    expect((await app.inject({ method: 'POST', url: '/deliveries/999999/redeliver', headers: { 'x-api-key': ADMIN } })).statusCode).toBe(404);
    fail = false;
    expect(await notifyChannel({ outbox: store.outbox, clock: fixedClock(NOW), log: silentLogger() }, n)).toMatchObject({ ok: 1 });
    const latest = (await app.inject({ method: 'GET', url: '/deliveries?limit=1', headers: { 'x-api-key': READ } })).json<{ deliveries: Array<{ outcome: string; statusCode: number }> }>();
    expect(latest.deliveries[0]).toMatchObject({ outcome: 'sent', statusCode: 204 });
  });
});
