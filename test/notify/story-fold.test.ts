/*
 * Items folded into stories (ADR 0023, amended): once a story of two or more members is announced on
 * a channel, its members are recorded `folded` there and never sent as item messages; an item sent
 * before its story qualified is not sent again, and a story of one never gets a story message beside
 * its item's. On SQLite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import type { NewItem, SourceName } from '../../src/domain/item.js';
import { createSlackNotifier } from '../../src/notify/slack/slack.notifier.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);

const report = (n: number, source: SourceName = 'demo'): NewItem =>
  newItem(n, {
    source,
    externalId: `${source}-${n}`,
    url: `https://status.brindlepost.example/incidents/2026-11-20?ref=${n}`,
    text: `Brindlepost outage: login and sync are down for everyone, status page confirms incident (report ${n})`,
    metrics: { likes: 400, reposts: 90, replies: 60, quotes: 5, views: 0 },
    createdAt: new Date(NOW.getTime() - (60 - n) * 60_000).toISOString(),
  });

/** A loud item about something else: a story of one. */
const loner = (n: number): NewItem =>
  newItem(n, {
    externalId: `loner-${n}`,
    url: `https://forum.example/t/${n}`,
    text: `Brindlepost billing page charges customers twice for the annual plan, refund requested (${n})`,
    metrics: { likes: 500, reposts: 120, replies: 80, quotes: 9, views: 0 },
    createdAt: new Date(NOW.getTime() - 30 * 60_000).toISOString(),
  });

const source = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items: [...items] };
  },
});

for (const target of storeTargets()) {
  describe(`items folded into their story [${target.name}]`, () => {
    let store: Store;
    let slack: SlackFake;
    beforeEach(async () => {
      store = await target.open(clock);
      slack = await startSlackFake();
    });
    afterEach(async () => {
      await store.close();
      await slack.close();
    });

    const deps = (items: NewItem[], notifyMinMembers = 3): PipelineDeps => ({
      store,
      sources: [source(items)],
      analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }),
      notifiers: [
        createSlackNotifier(
          { webhookUrl: slack.webhookUrl, channel: 'ops', timeoutMs: 2000, allowInsecureLoopback: true, maxAttempts: 1, maxRetryAfterSeconds: 1, settings: { threshold: 30, limit: 10, digestThreshold: 50 } },
          { http: loopbackHttp(), clock, sleep: async () => undefined, random: () => 0 },
        ),
      ],
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({ stories: { notifyMinMembers, mentionMilestones: [10], sourceMilestones: [2, 3] } }),
      batchSize: 4,
    });
    const texts = () => slack.messages.map((m) => m.text);
    const isStory = (t: string) => /^(🧵 New story|📈 Story update)/u.test(t);

    it('sends one story message instead of its members, and later members are folded too', async () => {
      const items = [1, 2, 3, 4].map((n) => report(n));
      items.push(loner(50));
      await runPipeline(deps(items));
      const [story] = await store.stories.list({ limit: 10, offset: 0, minSize: 2 });
      if (!story) throw new Error('no story');
      // The story message, and the lone item's own message; no message per outage report.
      expect(texts().filter(isStory)).toEqual([expect.stringMatching(/^🧵 New story: 1 source, 4 mentions/)]);
      expect(texts().filter((t) => !isStory(t))).toEqual([expect.stringContaining('billing page charges')]);

      items.push(report(5, 'hackernews'), report(6, 'reddit'));
      await runPipeline(deps(items));
      await runPipeline(deps(items));
      expect(texts()).toHaveLength(3);
      expect(texts()[2]).toMatch(/^📈 Story update: now on 3 sources, 6 mentions/);

      const rows = await store.outbox.list('ops');
      expect(rows.filter((r) => r.status === 'folded')).toHaveLength(6);
      expect(new Set(rows.filter((r) => r.status === 'folded').map((r) => r.batchId))).toEqual(new Set([`story_${story.id}_new`]));
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1);
      expect(rows.filter((r) => r.status === 'pending' || r.status === 'sending')).toEqual([]);
    });

    it('an item sent before its story qualified is not sent again; a story of one gets no story message', async () => {
      const items = [report(1)];
      // notifyMinMembers 1 is read as 2: the story of one is its item, already sent.
      await runPipeline(deps(items, 1));
      expect(texts()).toEqual([expect.stringContaining('Brindlepost outage')]);
      expect(texts().filter(isStory)).toEqual([]);

      items.push(report(2), report(3));
      await runPipeline(deps(items, 1));
      await runPipeline(deps(items, 1));
      // The story message, once; the two later members folded, the first stays sent (not repeated).
      expect(texts()).toHaveLength(2);
      expect(texts()[1]).toMatch(/^🧵 New story: 1 source, 3 mentions/);
      const rows = await store.outbox.list('ops');
      expect(rows.map((r) => r.status).sort()).toEqual(['folded', 'folded', 'sent']);
    });
  });
}
