import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import type { Notifier, NotifyAlert, NotifySettings } from '../../src/notify/notifier.port.js';
import { applyNotifyOverrides, notifyChannel, requeueUnknown, withNotifyOverrides, type OutboxDeps } from '../../src/notify/notify.service.js';
import { NO_NOTIFIER_REASON } from '../../src/notify/registry.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runNotify } from '../../src/pipeline/notify.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const AT = '2026-11-20T12:00:00.000Z';
const clock = fixedClock(new Date(AT));
const SETTINGS: NotifySettings = { threshold: 80, limit: 10, digestThreshold: 5 };

/** A channel that records what it was asked to send, or rejects with `fail` when set. */
interface RecordingNotifier extends Notifier {
  alerts: NotifyAlert[];
  fail?: unknown;
}
const recorder = (channel: string, settings: Partial<NotifySettings> = {}): RecordingNotifier => {
  const n: RecordingNotifier = {
    channel,
    settings: { ...SETTINGS, ...settings },
    alerts: [],
    async send(alert) {
      if (n.fail !== undefined) throw n.fail;
      n.alerts.push(alert);
    },
  };
  return n;
};

/** Salience per item, in insertion order (item n gets saliences[n - 1]). */
const seed = async (store: Store, saliences: number[]): Promise<number[]> => {
  await store.saveFetchBatch('demo', saliences.map((_, i) => newItem(i + 1)));
  const items = await store.pendingAnalysis(0, 100);
  const byExt = new Map(items.map((it) => [it.externalId, it]));
  const ordered = saliences.map((_, i) => byExt.get(`ext-${i + 1}`)).filter((it) => it !== undefined);
  await store.saveAnalyses(ordered.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: AT })));
  await store.saveScores(ordered.map((it, i) => ({ itemId: it.id, salience: saliences[i] ?? 0, breakdown: {} as never, scoredAt: AT })));
  return ordered.map((it) => it.id);
};

describe.each(storeTargets())('notify core on $name', (target) => {
  let store: Store;
  let deps: OutboxDeps;
  beforeEach(async () => {
    store = await target.open(clock);
    deps = { outbox: store.outbox, clock, log: silentLogger() };
  });
  afterEach(async () => {
    await store.close();
  });

  it('runs each channel under its own settings and exactly-once key', async () => {
    const ids = await seed(store, [95, 85, 60, 40]);
    const ops = recorder('ops');
    const eng = recorder('eng', { threshold: 50, digestThreshold: 1, dashboardUrl: 'https://harvest.example.com/' });
    expect(await notifyChannel(deps, ops)).toEqual({ ok: 2, failed: 0, queued: 2, digests: 0, unknown: 0 });
    expect(await notifyChannel(deps, eng)).toEqual({ ok: 3, failed: 0, queued: 3, digests: 1, unknown: 0 });
    expect(ops.alerts.map((a) => (a.kind === 'single' ? [a.item.id, a.threshold] : null))).toEqual([
      [ids[0], 80],
      [ids[1], 80],
    ]);
    const [digest] = eng.alerts;
    expect(digest?.kind === 'digest' && { ids: digest.items.map((i) => i.id), total: digest.total, threshold: digest.threshold, url: digest.dashboardUrl }).toEqual({
      ids: ids.slice(0, 3),
      total: 3,
      threshold: 50,
      url: 'https://harvest.example.com/',
    });
    expect(await notifyChannel(deps, ops)).toMatchObject({ ok: 0, queued: 0 });
    expect(await notifyChannel(deps, eng)).toMatchObject({ ok: 0, queued: 0 });
    expect((await store.outbox.list('ops')).map((o) => o.status)).toEqual(['sent', 'sent']);
    expect(await store.outbox.list('eng')).toHaveLength(3);
  });

  it('records a timeout as unknown, a retryable error as pending, and re-queues unknown rows only for the given channels', async () => {
    await seed(store, [95, 90]);
    const ops = recorder('ops', { limit: 1 });
    ops.fail = new AppError('TIMEOUT', 'no answer', { retryable: false });
    expect(await notifyChannel(deps, ops)).toMatchObject({ ok: 0, failed: 0, queued: 1, unknown: 1 });
    const eng = recorder('eng', { limit: 1 });
    eng.fail = new AppError('UPSTREAM_UNAVAILABLE', 'down', { retryable: true });
    expect(await notifyChannel(deps, eng)).toMatchObject({ ok: 0, failed: 1, unknown: 0 });
    expect((await store.outbox.list('eng')).map((o) => [o.status, o.lastError])).toEqual([['pending', 'UPSTREAM_UNAVAILABLE: down']]);
    expect(await requeueUnknown(store.outbox, [eng], AT)).toBe(0);
    expect(await requeueUnknown(store.outbox, [eng, ops], AT)).toBe(1);
    ops.fail = undefined;
    expect(await notifyChannel(deps, ops)).toMatchObject({ ok: 1, unknown: 0 });
    expect(ops.alerts).toHaveLength(1);
  });

  it('sums the channels in the notify stage, and skips with the registry reason when none is configured', async () => {
    await seed(store, [95, 85]);
    const pipeline = (notifiers: Notifier[]): PipelineDeps => ({
      store,
      sources: [],
      analyzer: createHeuristicAnalyzer({ products: [], competitors: [] }),
      notifiers,
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({}),
      batchSize: 10,
    });
    const r = await runNotify(pipeline([recorder('ops'), recorder('eng', { threshold: 90 })]));
    expect(r).toMatchObject({ ok: 3, skipped: 0, failed: 0, queued: 3, digests: 0, unknown: 0 });
    expect(r.reason).toBeUndefined();
    const skipped = await runNotify(pipeline([]));
    expect(skipped).toMatchObject({ ok: 0, queued: 0, reason: NO_NOTIFIER_REASON });
    expect(NO_NOTIFIER_REASON).toMatch(/^Slack is not configured \(set SLACK_WEBHOOK_URL or notify.slack.webhookUrl\), and no other channel is \(notify.slack.webhooks, notify.webhooks/);
  });
});

describe('notify overrides', () => {
  it.each([
    [{}, SETTINGS],
    [{ threshold: 60 }, { ...SETTINGS, threshold: 60 }],
    [{ limit: 3, hours: 6 }, { ...SETTINGS, limit: 3, hours: 6 }],
    [{ threshold: undefined, limit: undefined }, SETTINGS],
  ])('applies %o', (overrides, expected) => {
    expect(applyNotifyOverrides(SETTINGS, overrides)).toEqual(expected);
  });

  it('overrides every channel, keeps its key and still sends through it', async () => {
    const a = recorder('a', { dashboardUrl: 'https://a.example/' });
    const b = recorder('b', { hours: 2 });
    const [oa, ob] = withNotifyOverrides([a, b], { threshold: 10, hours: 1 });
    expect([oa?.channel, oa?.settings]).toEqual(['a', { ...SETTINGS, threshold: 10, hours: 1, dashboardUrl: 'https://a.example/' }]);
    expect([ob?.channel, ob?.settings]).toEqual(['b', { ...SETTINGS, threshold: 10, hours: 1 }]);
    expect(a.settings.threshold).toBe(80);
    const alert: NotifyAlert = { kind: 'digest', items: [], total: 0, threshold: 10 };
    await ob?.send(alert);
    expect(b.alerts).toEqual([alert]);
  });
});
