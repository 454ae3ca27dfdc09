/*
 * Story notifications end to end in process (ADR 0023): the pipeline on a real store (SQLite, and
 * PostgreSQL when TEST_DATABASE_URL is set) sends to the Slack fake one message when a story
 * qualifies, one follow-up per milestone it reaches, and never the same milestone twice.
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

/** One outage report, as a different source and author may post it. */
const report = (n: number, source: SourceName = 'demo'): NewItem =>
  newItem(n, {
    source,
    externalId: `${source}-${n}`,
    url: `https://status.brindlepost.example/incidents/2026-11-20?ref=${n}`,
    text: `Brindlepost outage: login and sync are down for everyone, status page confirms incident (report ${n})`,
    metrics: { likes: 400, reposts: 90, replies: 60, quotes: 5, views: 0 },
    createdAt: new Date(NOW.getTime() - (60 - n) * 60_000).toISOString(),
  });

/** A source whose items grow between runs. */
const growingSource = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items: [...items] };
  },
});

for (const target of storeTargets()) {
  describe(`story notifications through the Slack fake [${target.name}]`, () => {
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

    const deps = (items: NewItem[]): PipelineDeps => ({
      store,
      sources: [growingSource(items)],
      analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }),
      // Item digests go out as one message; the story messages are what this test counts.
      notifiers: [
        createSlackNotifier(
          { webhookUrl: slack.webhookUrl, channel: 'ops', timeoutMs: 2000, allowInsecureLoopback: true, maxAttempts: 1, maxRetryAfterSeconds: 1, settings: { threshold: 30, limit: 10, digestThreshold: 1, dashboardUrl: 'https://harvest.example' } },
          { http: loopbackHttp(), clock, sleep: async () => undefined, random: () => 0 },
        ),
      ],
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({ stories: { mentionMilestones: [10], sourceMilestones: [2, 3] } }),
      batchSize: 4,
    });
    const storyMessages = () => slack.messages.filter((m) => /story/i.test(m.text));

    it('announces a story once, follows up once per milestone, and never repeats one', async () => {
      const items = [1, 2, 3, 4].map((n) => report(n));
      await runPipeline(deps(items));
      expect(storyMessages().map((m) => m.text)).toEqual([expect.stringMatching(/^🧵 New story: 1 source, 4 mentions — Brindlepost outage/)]);
      const [story] = await store.stories.list({ limit: 10, offset: 0, minSize: 2 });
      expect(story).toMatchObject({ size: 4, sources: ['demo'] });
      expect(story?.salience).toBeGreaterThan(30);
      expect(story?.breakdown).toMatchObject({ members: 4 });
      expect(JSON.stringify(storyMessages()[0]?.blocks)).toContain(`https://harvest.example/#/stories/${story?.id}`);

      // Nothing new: no message.
      await runPipeline(deps(items));
      expect(storyMessages()).toHaveLength(1);

      // A second source: the `sources 2` milestone, one follow-up.
      items.push(report(5, 'hackernews'), report(6, 'reddit'));
      await runPipeline(deps(items));
      expect(storyMessages().map((m) => m.text).slice(1)).toEqual([expect.stringMatching(/^📈 Story update: now on 3 sources, 6 mentions/)]);
      await runPipeline(deps(items));
      expect(storyMessages()).toHaveLength(2);

      // Ten mentions on three sources: one more follow-up, then quiet again.
      items.push(...[7, 8, 9, 10].map((n) => report(n, 'github')));
      await runPipeline(deps(items));
      await runPipeline(deps(items));
      expect(storyMessages().map((m) => m.text).slice(2)).toEqual([expect.stringMatching(/^📈 Story update: now on 4 sources, 10 mentions/)]);

      const rows = await store.storyOutbox.list('ops');
      expect(rows.map((r) => [r.milestone, r.status])).toEqual([
        ['new', 'sent'],
        ['s3-m0', 'sent'],
        ['s3-m10', 'sent'],
      ]);
      expect(new Set(rows.map((r) => r.storyId))).toEqual(new Set([story?.id]));
    });
  });
}
