/*
 * Discovery alerts (issue 16 through issue 19's channels): the pipeline on a real store (SQLite, and
 * PostgreSQL when TEST_DATABASE_URL is set) alerts each research item whose discovery score reaches
 * `notify.discovery.minScore` once per (item, channel), with its breakdown, on Slack and a signed
 * webhook; a route sends discoveries to one channel only; the off switch and the threshold hold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import type { NewItem } from '../../src/domain/item.js';
import { buildNotifiers, notifyConfigSchema } from '../../src/notify/registry.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);
const SECRET = `whsec_${Buffer.from('discovery-alert-test-secret').toString('base64')}`;
const DASHBOARD = 'https://harvest.example/';

const PAPERS = [
  'Quantum error correction with surface codes on superconducting qubits below threshold',
  'Photonic integrated circuits for low-loss optical neural network inference',
  'Reinforcement learning for legged robot locomotion over rough terrain',
];
const paper = (n: number): NewItem =>
  newItem(n, {
    externalId: `paper-${n}`,
    url: `https://arxiv.org/abs/2611.0${1000 + n}`,
    title: PAPERS[n - 1] ?? `paper ${n}`,
    text: `${PAPERS[n - 1] ?? ''}. We release code and data.`,
    createdAt: new Date(NOW.getTime() - n * 3_600_000).toISOString(),
  });
const source = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items: [...items] };
  },
});

for (const target of storeTargets()) {
  describe(`discovery alerts [${target.name}]`, () => {
    let store: Store;
    let slack: SlackFake;
    let hook: WebhookReceiver;
    beforeEach(async () => {
      store = await target.open(clock);
      slack = await startSlackFake();
      hook = await startWebhookReceiver(SECRET);
    });
    afterEach(async () => {
      await store.close();
      await slack.close();
      await hook.close();
    });

    const deps = (discovery: { enabled: boolean; minScore: number; hours: number }, extra: Record<string, unknown> = {}): PipelineDeps => {
      // Item and story messages out of the way (threshold 100): discovery alerts are what is counted.
      const quiet = { threshold: 100, dashboardUrl: DASHBOARD };
      const cfg = notifyConfigSchema.parse({
        slack: { webhooks: [{ name: 'research', url: slack.webhookUrl, allowInsecureLoopback: true, ...quiet }] },
        webhooks: [{ name: 'ops', url: hook.hookUrl, secret: SECRET, allowInsecureLoopback: true, ...quiet }],
        discovery,
        ...extra,
      });
      return {
        store,
        sources: [source([1, 2, 3].map(paper))],
        analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }),
        notifiers: buildNotifiers(cfg, { http: loopbackHttp(), clock, sleep: async () => undefined }),
        clock,
        log: silentLogger(),
        scoring: scoringConfigSchema.parse({}),
        topics: topicsConfigSchema.parse({}),
        discoveryAlerts: cfg.discovery,
        batchSize: 10,
      };
    };
    const events = () => hook.verified.filter((e) => e.type === 'discovery.alert');
    const slackDiscoveries = () => slack.messages.filter((m) => m.text.startsWith('🔭 Discovery'));

    it('alerts every discovery at or above minScore once per channel, with the breakdown and links', async () => {
      const d = deps({ enabled: true, minScore: 0, hours: 72 });
      const r = await runPipeline(d);
      const found = await store.topics.discoveries({ since: '2026-01-01T00:00:00.000Z', limit: 10 });
      expect(found).toHaveLength(3);
      expect(r.notify).toMatchObject({ discoveries: { sent: 6, failed: 0 } });
      expect(hook.refused).toEqual([]);
      expect(events().map((e) => e.id).sort()).toEqual(found.map((f) => `discovery_${f.itemId}`).sort());
      const first = events()[0];
      const data = first?.data as { discovery: { itemId: number; score: number; breakdown: Record<string, number>; url: string }; url: string; minScore: number };
      expect(Object.keys(data.discovery.breakdown).sort()).toEqual(['echo', 'emergence', 'novelty', 'obscurity', 'recency']);
      expect(data.url).toBe(`https://harvest.example/#/signals/${data.discovery.itemId}`);
      expect(data.discovery.url).toMatch(/^https:\/\/arxiv\.org\/abs\//);
      expect(slackDiscoveries()).toHaveLength(3);
      const blocks = JSON.stringify(slackDiscoveries()[0]?.blocks);
      expect(blocks).toMatch(/novelty \d+ · emergence \d+ · echo \d+ · obscurity \d+ · recency \d+/);
      expect(blocks).toMatch(/https:\/\/harvest\.example\/#\/signals\/\d+/);

      // Exactly once: another run sends nothing more.
      expect((await runPipeline(d)).notify).toMatchObject({ discoveries: { sent: 0, queued: 0 } });
      expect([events().length, slackDiscoveries().length]).toEqual([3, 3]);
      expect((await store.discoveryOutbox.list()).map((x) => x.status)).toEqual(Array.from({ length: 6 }, () => 'sent'));

      // An operator's redelivery re-queues one discovery on one channel: sent again, same message id.
      const one = (await store.outbox.deliveries({ channel: 'webhook:ops', limit: 50 })).find((x) => x.kind === 'discovery');
      if (!one) throw new Error('no discovery delivery on webhook:ops');
      expect(await store.outbox.redeliver(one.id, NOW.toISOString())).toEqual({ batchId: one.batchId, channel: 'webhook:ops', requeued: 1 });
      await runPipeline(d);
      expect([events().length, slackDiscoveries().length]).toEqual([4, 3]);
      expect(events()[3]?.id).toBe(one.batchId);
    });

    it('honours minScore, the off switch and a route that sends discoveries to one channel', async () => {
      await runPipeline(deps({ enabled: false, minScore: 0, hours: 72 }));
      await runPipeline(deps({ enabled: true, minScore: 100, hours: 72 }));
      expect([events().length, slackDiscoveries().length]).toEqual([0, 0]);
      const routed = deps({ enabled: true, minScore: 0, hours: 72 }, { routes: [{ name: 'research digest', match: { kinds: ['discovery'] }, channels: ['slack:research'] }] });
      await runPipeline(routed);
      expect(slackDiscoveries()).toHaveLength(3);
      expect(events()).toEqual([]);
    });

    it('never alerts a muted item: its discovery waits unsent while the rule holds (ADR 0029)', async () => {
      const d = deps({ enabled: true, minScore: 0, hours: 72 });
      const blocked = PAPERS[1]!.split(' ').slice(0, 3).join(' ').toLowerCase();
      await store.mutes.add({ kind: 'phrase', value: blocked }, 'test', NOW.toISOString());
      await runPipeline(d);
      expect(slackDiscoveries()).toHaveLength(2);
      expect(slackDiscoveries().some((m) => JSON.stringify(m.blocks).toLowerCase().includes(blocked))).toBe(false);
      expect(events()).toHaveLength(2);
    });
  });
}
