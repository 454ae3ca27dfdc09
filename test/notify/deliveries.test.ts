import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import type { Notifier, NotifyAlert, NotifySettings } from '../../src/notify/notifier.port.js';
import { notifyChannel, retryDelaySeconds, type OutboxDeps } from '../../src/notify/notify.service.js';
import { buildNotifiers, notifyConfigSchema } from '../../src/notify/registry.js';
import { createLogger, silentLogger } from '../../src/observability/logger.js';
import { createPromMetrics } from '../../src/observability/prometheus/prom.metrics.js';
import { systemClock, type Clock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import type { FakeServer } from '../fakes/loopback-server.js';
import { startWebhookReceiver } from '../fakes/webhook-receiver.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets, TEST_DATABASE_URL } from '../helpers/stores.js';

const T0 = new Date('2026-11-20T12:00:00.000Z');
const RETRY = { maxAttempts: 3, baseSeconds: 60, maxSeconds: 3600 };

/** A clock the test moves. */
const movingClock = (): Clock & { advance(seconds: number): void } => {
  let t = T0.getTime();
  return { now: () => new Date(t), advance: (s) => void (t += s * 1000) };
};

const seed = async (store: Store, n: number): Promise<number[]> => {
  await store.saveFetchBatch('demo', Array.from({ length: n }, (_, i) => newItem(i + 1)));
  const items = await store.pendingAnalysis(0, 1000);
  await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: T0.toISOString() })));
  await store.saveScores(items.map((it, i) => ({ itemId: it.id, salience: 95 - (i % 10), breakdown: {} as never, scoredAt: T0.toISOString() })));
  return items.map((it) => it.id);
};

const failing = (channel: string, err: () => unknown, settings: Partial<NotifySettings> = {}): Notifier & { calls: NotifyAlert[] } => {
  const calls: NotifyAlert[] = [];
  return {
    channel,
    calls,
    settings: { threshold: 80, limit: 10, digestThreshold: 100, retry: RETRY, ...settings },
    async send(alert) {
      calls.push(alert);
      const e = err();
      if (e !== undefined) throw e;
      return { statusCode: 200 };
    },
  };
};

const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

describe.each(storeTargets())('deliveries on $name', (target) => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });
  const open = async (clock: Clock): Promise<Store> => {
    const s = await target.open(clock);
    closers.push(() => s.close());
    return s;
  };
  const serve = <S extends FakeServer>(s: S): S => {
    closers.push(() => s.close());
    return s;
  };

  it('records every attempt; retries with exponential backoff across runs, then dead-letters; redeliver re-queues', async () => {
    const clock = movingClock();
    const store = await open(clock);
    await seed(store, 1);
    let down = true;
    const n = failing('ops', () => (down ? new AppError('UPSTREAM_UNAVAILABLE', 'receiver down', { retryable: true, upstreamStatus: 503 }) : undefined));
    const metrics = createPromMetrics({ version: 't', clock });
    const deps: OutboxDeps = { outbox: store.outbox, clock, log: silentLogger(), metrics };

    expect(await notifyChannel(deps, n)).toMatchObject({ ok: 0, failed: 1, queued: 1 });
    // the next run before the backoff has passed sends nothing
    clock.advance(retryDelaySeconds(1, RETRY) - 1);
    await notifyChannel(deps, n);
    expect(n.calls).toHaveLength(1);
    clock.advance(1);
    await notifyChannel(deps, n);
    expect(n.calls).toHaveLength(2);
    clock.advance(retryDelaySeconds(2, RETRY));
    await notifyChannel(deps, n);
    expect(n.calls).toHaveLength(3);
    clock.advance(3600);
    await notifyChannel(deps, n);
    expect(n.calls).toHaveLength(3);

    const log = await store.outbox.deliveries({ limit: 10 });
    expect(log.map((d) => [d.attempt, d.outcome, d.statusCode, d.channel])).toEqual([
      [3, 'dead', 503, 'ops'],
      [2, 'retry', 503, 'ops'],
      [1, 'retry', 503, 'ops'],
    ]);
    expect(log[2]?.nextRetryAt).toBe(new Date(T0.getTime() + 60_000).toISOString());
    expect(log[1]?.nextRetryAt).toBe(new Date(T0.getTime() + 60_000 + 120_000).toISOString());
    expect(log[0]?.error).toMatch(/receiver down/);
    for (const d of log) expect(d.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await store.outbox.list('ops')).map((o) => o.status)).toEqual(['dead']);

    down = false;
    const dead = log[0];
    if (!dead) throw new Error('no delivery');
    expect(await store.outbox.redeliver(dead.id, clock.now().toISOString())).toEqual({ batchId: dead.batchId, channel: 'ops', requeued: 1 });
    expect(await store.outbox.redeliver(dead.id, clock.now().toISOString())).toMatchObject({ requeued: 0 });
    expect(await store.outbox.redeliver(999_999, clock.now().toISOString())).toBeUndefined();
    expect(await notifyChannel(deps, n)).toMatchObject({ ok: 1 });
    expect((await store.outbox.deliveries({ limit: 1 }))[0]).toMatchObject({ outcome: 'sent', attempt: 1, statusCode: 200, batchId: dead.batchId });
    expect(await store.outbox.deliveries({ limit: 10, outcome: 'retry' })).toHaveLength(2);
    const text = await metrics.render();
    expect(text).toMatch(/harvest_notify_deliveries_total\{channel="ops",outcome="retry"\} 2/);
    expect(text).toMatch(/harvest_notify_deliveries_total\{channel="ops",outcome="dead"\} 1/);
    expect(text).toMatch(/harvest_notify_deliveries_total\{channel="ops",outcome="sent"\} 1/);
  });

  it('a receiver answering 410 disables its channel with a clear log line; nothing is lost and it resumes when re-enabled', async () => {
    const store = await open(systemClock);
    await seed(store, 3);
    const secret = newSecret();
    let status = 410;
    const r = serve(await startWebhookReceiver(secret, () => status));
    const [hook] = buildNotifiers(notifyConfigSchema.parse({ webhooks: [{ name: 'ops', url: r.hookUrl, secret, allowInsecureLoopback: true, threshold: 80 }] }), {
      http: loopbackHttp(),
      clock: systemClock,
      sleep: async () => undefined,
    });
    if (!hook) throw new Error('no notifier');
    const lines: string[] = [];
    const log = createLogger({ level: 'info', format: 'json', destination: { write: (s: string) => void lines.push(s) } });
    const deps: OutboxDeps = { outbox: store.outbox, clock: systemClock, log };
    expect(await notifyChannel(deps, hook)).toMatchObject({ ok: 0, failed: 1 });
    expect(r.requests).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/channel webhook:ops disabled: the receiver answered 410 Gone/);
    expect(await store.outbox.disabledChannels()).toMatchObject([{ channel: 'webhook:ops' }]);
    expect((await store.outbox.deliveries({ limit: 5 }))[0]).toMatchObject({ outcome: 'gone', statusCode: 410 });
    await notifyChannel(deps, hook);
    expect(r.requests).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/channel webhook:ops is disabled/);
    status = 204;
    expect(await store.outbox.enableChannel('webhook:ops')).toBe(true);
    expect(await notifyChannel(deps, hook)).toMatchObject({ ok: 3 });
    expect(new Set(r.verified.map((e) => e.id)).size).toBe(3);
  });
});

describe.runIf(TEST_DATABASE_URL !== undefined)('two replicas on PostgreSQL', () => {
  it('never double-send: each batch reaches the webhook receiver once', async () => {
    const [target] = storeTargets().filter((t) => t.name === 'postgres');
    if (!target) throw new Error('no postgres target');
    const [a, b] = await target.openPair([systemClock, systemClock]);
    const secret = newSecret();
    const r = await startWebhookReceiver(secret);
    try {
      await seed(a, 40);
      const cfg = notifyConfigSchema.parse({ webhooks: [{ name: 'ops', url: r.hookUrl, secret, allowInsecureLoopback: true, threshold: 0, limit: 40, digestThreshold: 1000 }] });
      const build = (): Notifier => {
        const [n] = buildNotifiers(cfg, { http: loopbackHttp(), clock: systemClock, sleep: async () => undefined });
        if (!n) throw new Error('no notifier');
        return n;
      };
      const replicas = [a, b, a, b].map((store) => notifyChannel({ outbox: store.outbox, clock: systemClock, log: silentLogger() }, build()));
      const counts = await Promise.all(replicas);
      const ids = r.verified.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(40);
      expect(counts.reduce((s, c) => s + c.ok, 0)).toBe(40);
      expect((await a.outbox.list('webhook:ops')).every((o) => o.status === 'sent')).toBe(true);
      expect(await a.outbox.deliveries({ limit: 100, outcome: 'sent' })).toHaveLength(40);
    } finally {
      await r.close();
      await b.close();
      await a.close();
    }
  });
});
