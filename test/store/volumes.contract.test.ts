import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import type { Notifier, NotifyAlert } from '../../src/notify/notifier.port.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Clock } from '../../src/platform/clock.js';
import { countVolumes, runSpikes, topItemIds, type SpikesDeps } from '../../src/spikes/spikes.service.js';
import { spikesConfigSchema } from '../../src/spikes/spikes.config.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

/*
 * Volumes, spikes and the spike outbox on SQLite and PostgreSQL: incremental counts with hourly
 * and daily roll-ups, the detector resumed from its stored state run after run, one spike per
 * incident, one alert per (spike, channel), an interrupted send never repeated.
 */
const START = Date.UTC(2026, 10, 18, 0, 0);
const breakdown = { raw: 1, metrics: 6.931, urgency: 5, urgencyPart: 20, base: 1, categoryBoost: 2, sentimentMultiplier: 1.2, ageHours: 1, recency: 0.97, unclamped: 65.4, cap: 100 };
const B = 300_000;
const BURST = START + 400 * B;

/** A settable clock. */
const clockAt = (ms: number): Clock & { set(ms: number): void } => {
  let now = ms;
  return { now: () => new Date(now), set: (m: number) => void (now = m) };
};

/** Records alerts; `fail` makes the next send throw it. */
const recordingNotifier = (channel: string): Notifier & { sent: NotifyAlert[]; fail?: AppError } => {
  const n: Notifier & { sent: NotifyAlert[]; fail?: AppError } = {
    channel,
    settings: { threshold: 0, limit: 10, digestThreshold: 5 },
    sent: [],
    async send(alert) {
      if (n.fail) {
        const e = n.fail;
        n.fail = undefined;
        throw e;
      }
      n.sent.push(alert);
    },
  };
  return n;
};

/** Items: 0–2 a bucket for 420 buckets (a quiet series), and 30 about "login outage" in the burst's bucket. */
const seed = async (store: Store, upTo: number): Promise<void> => {
  const items = [];
  let n = 0;
  for (let b = 0; b < 420; b++) {
    const at = START + b * B;
    if (at > upTo) break;
    for (let k = 0; k < b % 3; k++) items.push(newItem(++n, { createdAt: new Date(at + k * 1000).toISOString(), text: `quiet post ${n}` }));
    if (at === BURST) for (let k = 0; k < 30; k++) items.push(newItem(++n, { createdAt: new Date(at + 60_000 + k).toISOString(), text: `Login outage again, cannot sign in (${k})` }));
  }
  await store.saveFetchBatch('demo', items.filter((i) => Date.parse(i.createdAt) <= upTo));
  for (;;) {
    const pending = await store.pendingAnalysis(0, 500);
    if (pending.length === 0) break;
    await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: it.text.startsWith('Login') ? 'outage' : 'question', tags: it.text.startsWith('Login') ? ['login'] : [] }), provenance: heuristicProvenance, analyzedAt: '2026-11-20T00:00:00.000Z' })));
  }
  for (;;) {
    const toScore = await store.pendingScoring(0, 500, '2100-01-01T00:00:00.000Z');
    if (toScore.length === 0) break;
    await store.saveScores(toScore.map((p) => ({ itemId: p.itemId, salience: 50 + (p.itemId % 40), breakdown, scoredAt: '2026-11-20T00:00:00.000Z' })));
  }
};

for (const target of storeTargets()) {
  describe(`volumes and spikes [${target.name}]`, () => {
    let store: Store;
    const clock = clockAt(START);
    const config = spikesConfigSchema.parse({ terms: ['login outage'], alertHours: 6, alertKinds: ['term', 'source', 'category', 'tag'] });
    const deps = (notifiers: Notifier[]): SpikesDeps => ({ store, clock, log: silentLogger(), config, notifiers });
    beforeEach(async () => {
      store = await target.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    it('counts each analysed item once per series, in 5-minute buckets rolled up by hour and day', async () => {
      await seed(store, START + 30 * B);
      const counted = await countVolumes(store, config);
      expect(counted).toBeGreaterThan(0);
      expect(await countVolumes(store, config)).toBe(0);
      const five = await store.volumes.series('source:demo', '5m', new Date(START).toISOString(), new Date(START + 30 * B).toISOString());
      expect(five.slice(0, 3)).toEqual([
        { bucket: new Date(START + B).toISOString(), count: 1 },
        { bucket: new Date(START + 2 * B).toISOString(), count: 2 },
        { bucket: new Date(START + 4 * B).toISOString(), count: 1 },
      ]);
      const total = five.reduce((a, p) => a + p.count, 0);
      const hours = await store.volumes.series('source:demo', '1h', new Date(START).toISOString(), new Date(START + 30 * B).toISOString());
      expect(hours.reduce((a, p) => a + p.count, 0)).toBe(total);
      expect(hours[0]).toEqual({ bucket: new Date(START).toISOString(), count: 12 });
      const days = await store.volumes.series('category:question', '1d', new Date(START).toISOString(), new Date(START).toISOString());
      expect(days).toEqual([{ bucket: new Date(START).toISOString(), count: total }]);
      expect((await store.volumes.seriesKeys()).map((k) => k.key)).toEqual(['category:question', 'source:demo']);
    });

    it('raises the burst as one spike on the tracked term, alerts it once per channel, run after run', async () => {
      const slack = recordingNotifier('alerts');
      const mail = recordingNotifier('email:ops');
      // Runs every hour while the data arrives: the detector resumes from its stored state.
      for (let t = START + 12 * B; t <= START + 420 * B; t += 12 * B) {
        clock.set(t + 60_000);
        await seed(store, t);
        await runSpikes(deps([slack, mail]));
      }
      await runSpikes(deps([slack, mail]));
      const spikes = await store.volumes.spikes({ limit: 50 });
      const burst = spikes.filter((s) => s.startedAt === new Date(BURST).toISOString());
      expect(burst.map((s) => s.key).sort()).toContain('term:login outage');
      expect(burst.map((s) => s.key).sort()).toContain('source:demo');
      const term = burst.find((s) => s.key === 'term:login outage')!;
      expect(term.count).toBe(30);
      expect(term.score).toBeGreaterThanOrEqual(config.detector.threshold);
      expect(spikes.filter((s) => s.key === 'source:demo')).toHaveLength(1);
      for (const n of [slack, mail]) {
        const alerts = n.sent.filter((a) => a.kind === 'spike');
        expect(alerts).toHaveLength(spikes.length);
        const termAlert = alerts.find((a) => a.kind === 'spike' && a.spike.spike.key === 'term:login outage');
        expect(termAlert?.kind === 'spike' && termAlert.spike.hourCount).toBeGreaterThanOrEqual(30);
        expect(termAlert?.kind === 'spike' && termAlert.spike.topItems.length).toBeGreaterThan(0);
      }
      expect((await store.volumes.alerts()).every((a) => a.status === 'sent' && a.attempts === 1)).toBe(true);
    });

    it("finds a spike's top items in an item's own series by the rule that counted them, most salient first", async () => {
      await seed(store, BURST + 12 * B);
      await countVolumes(store, config);
      const hourFrom = new Date(BURST - 11 * B).toISOString();
      const at = new Date(BURST).toISOString();
      const burstIds = async (key: string) => topItemIds({ store, config }, key, hourFrom, at, 5);
      const login = await burstIds('term:login outage');
      expect(login).toHaveLength(5);
      for (const key of ['category:outage', 'tag:login']) expect(await burstIds(key)).toEqual(login);
      const texts = await Promise.all(login.map(async (id) => (await store.getSignal(id))!));
      expect(texts.every((s) => s.text.startsWith('Login outage'))).toBe(true);
      const saliences = texts.map((s) => s.salience);
      expect(saliences).toEqual([...saliences].sort((a, b) => b - a));
      // The source series holds every item of the hour: the quiet posts of those buckets too.
      const quiet = await topItemIds({ store, config }, 'category:question', hourFrom, at, 50);
      expect(quiet.length).toBeGreaterThan(5);
      for (const id of quiet) expect((await store.getSignal(id))!.text).toMatch(/^quiet post/);
      expect(await burstIds('source:demo')).toHaveLength(5);
      expect(await burstIds('tag:nothing')).toEqual([]);
    });

    it('an interrupted send becomes unknown and is never repeated; a retryable failure is retried later', async () => {
      clock.set(START + 420 * B + 60_000);
      await seed(store, START + 420 * B);
      const slack = recordingNotifier('alerts');
      slack.fail = new AppError('UPSTREAM_UNAVAILABLE', 'slack 503', { retryable: true });
      const first = await runSpikes(deps([slack]));
      expect(first.spikes).toBeGreaterThan(0);
      expect(first.failed).toBe(1);
      const spike = (await store.volumes.spikes({ limit: 1 }))[0]!;
      // A crash between claim and complete: the row stays `sending`.
      const crashed = recordingNotifier('other');
      await store.volumes.enqueueAlerts('other', new Date(0).toISOString(), clock.now().toISOString(), ['source', 'term']);
      expect(await store.volumes.claimAlert(spike.id, 'other', clock.now().toISOString())).toBe(true);
      await runSpikes(deps([slack, crashed]));
      expect(crashed.sent.filter((a) => a.kind === 'spike' && a.spike.spike.id === spike.id)).toHaveLength(0);
      const rows = await store.volumes.alerts();
      expect(rows.find((r) => r.channel === 'other' && r.spikeId === spike.id)?.status).toBe('unknown');
      expect(rows.filter((r) => r.channel === 'alerts').every((r) => r.status === 'sent')).toBe(true);
      expect(slack.sent).toHaveLength(first.spikes);
    });
  });
}
