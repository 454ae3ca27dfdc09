/*
 * Story alerts (`story.alert`, ADR 0023/0027) on every channel, not only Slack: the pipeline on a real
 * store (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) announces a story once on a signed
 * webhook (verified with `standardwebhooks`), Discord, Teams and e-mail (a real SMTP server), follows
 * up once per milestone, never repeats one, and honours a route on story size.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import type { NewItem, SourceName } from '../../src/domain/item.js';
import { buildNotifiers, notifyConfigSchema } from '../../src/notify/registry.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { mailSubject, startSmtpReceiver, type SmtpReceiver } from '../fakes/smtp-receiver.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);
const SECRET = `whsec_${Buffer.from('story-alert-test-secret-24b').toString('base64')}`;
const DASHBOARD = 'https://harvest.example';

const report = (n: number, source: SourceName = 'demo'): NewItem =>
  newItem(n, {
    source,
    externalId: `${source}-${n}`,
    url: `https://status.brindlepost.example/incidents/2026-11-20?ref=${n}`,
    text: `Brindlepost outage: login and sync are down for everyone, status page confirms incident (report ${n})`,
    metrics: { likes: 400, reposts: 90, replies: 60, quotes: 5, views: 0 },
    createdAt: new Date(NOW.getTime() - (60 - n) * 60_000).toISOString(),
  });

const source = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items: [...items] };
  },
});

interface Receivers {
  webhook: WebhookReceiver;
  discord: FakeServer;
  teams: FakeServer;
  smtp: SmtpReceiver;
}

const ok = () => startFakeServer((_req, res) => {
  res.statusCode = 204;
  res.end();
});

const channelConfig = (r: Receivers, routes: unknown[] = [], defaultRoute?: string[]) => {
  const common = { threshold: 30, digestThreshold: 1, dashboardUrl: DASHBOARD };
  return notifyConfigSchema.parse({
    webhooks: [{ name: 'ops', url: r.webhook.hookUrl, secret: SECRET, allowInsecureLoopback: true, ...common }],
    discord: [{ name: 'community', url: `${r.discord.url}/api/webhooks/1/tok`, allowInsecureLoopback: true, ...common }],
    teams: [{ name: 'oncall', url: `${r.teams.url}/workflows/abc`, allowInsecureLoopback: true, ...common }],
    email: [{ name: 'research', from: 'harvest@example.com', to: ['team@example.com'], smtp: { host: '127.0.0.1', port: r.smtp.port, allowInsecureLoopback: true }, ...common }],
    routes,
    defaultRoute,
  });
};

const bodies = (s: FakeServer): string[] => s.requests.map((q) => q.body);

for (const target of storeTargets()) {
  describe(`story alerts on every channel [${target.name}]`, () => {
    let store: Store;
    let r: Receivers;
    beforeEach(async () => {
      store = await target.open(clock);
      r = { webhook: await startWebhookReceiver(SECRET), discord: await ok(), teams: await ok(), smtp: await startSmtpReceiver() };
    });
    afterEach(async () => {
      await store.close();
      await Promise.all([r.webhook.close(), r.discord.close(), r.teams.close(), r.smtp.close()]);
    });

    const deps = (items: NewItem[], routes: unknown[] = [], defaultRoute?: string[]): PipelineDeps => ({
      store,
      sources: [source(items)],
      analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }),
      notifiers: buildNotifiers(channelConfig(r, routes, defaultRoute), { http: loopbackHttp(), clock, sleep: async () => undefined }),
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({ stories: { mentionMilestones: [10], sourceMilestones: [2, 3] } }),
      batchSize: 4,
    });
    const storyEvents = () => r.webhook.verified.filter((e) => e.type === 'story.alert');
    const discordStories = () => bodies(r.discord).filter((b) => b.includes('story'));
    const teamsStories = () => bodies(r.teams).filter((b) => b.includes('story'));
    const mailStories = () => r.smtp.received.filter((m) => /story/i.test(mailSubject(m)));

    it('announces a story once per channel in each channel shape, follows up once per milestone', async () => {
      const items = [1, 2, 3, 4].map((n) => report(n));
      await runPipeline(deps(items));
      const [story] = await store.stories.list({ limit: 10, offset: 0, minSize: 2 });
      if (!story) throw new Error('no story');
      const link = `${DASHBOARD}/#/stories/${story.id}`;

      expect(r.webhook.refused).toEqual([]);
      expect(storyEvents()).toHaveLength(1);
      const [event] = storyEvents();
      expect(event?.id).toBe(`story_${story.id}_new`);
      expect(event?.data).toMatchObject({ milestone: 'new', followUp: false, url: link, story: { id: story.id, size: 4, sources: ['demo'] } });
      expect(Date.parse(String(event?.timestamp))).not.toBeNaN();

      const discord = discordStories().map((b) => JSON.parse(b) as { content: string; embeds: Array<{ title: string; url?: string; fields: Array<{ name: string; value: string }> }> });
      expect(discord).toHaveLength(1);
      expect(discord[0]?.embeds[0]?.title).toMatch(/^🧵 New story: 1 source, 4 mentions · Brindlepost outage/);
      expect(discord[0]?.embeds[0]?.url).toBe(link);
      expect(discord[0]?.embeds[0]?.fields.map((f) => f.name)).toEqual(['Salience', 'Mentions', 'Sources', 'Authors']);

      const teams = teamsStories().map((b) => JSON.parse(b) as { attachments: Array<{ content: { body: Array<{ text?: string }>; actions: Array<{ title: string; url: string }> } }> });
      expect(teams).toHaveLength(1);
      expect(teams[0]?.attachments[0]?.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open story', url: link }]);

      expect(mailStories()).toHaveLength(1);
      const mail = mailStories()[0];
      expect(mailSubject(mail ?? { from: '', to: [], raw: '', body: '' })).toMatch(/^\[Signal Harvester\] 🧵 New story: 1 source, 4 mentions/);
      expect(mail?.raw).toMatch(new RegExp(`^Message-ID: <story_${story.id}_new@signal-harvester>`, 'm'));
      expect(mail?.body).toContain(link);

      // Nothing new: nothing sent again, on any channel.
      await runPipeline(deps(items));
      expect([storyEvents().length, discordStories().length, teamsStories().length, mailStories().length]).toEqual([1, 1, 1, 1]);

      // Two more sources: one follow-up per channel, with its own stable id.
      items.push(report(5, 'hackernews'), report(6, 'reddit'));
      await runPipeline(deps(items));
      await runPipeline(deps(items));
      expect([storyEvents().length, discordStories().length, teamsStories().length, mailStories().length]).toEqual([2, 2, 2, 2]);
      expect(storyEvents()[1]).toMatchObject({ id: `story_${story.id}_s3-m0`, data: { followUp: true, milestone: 's3-m0' } });
      expect(discordStories()[1]).toContain('Story update: now on 3 sources, 6 mentions');

      for (const channel of ['webhook:ops', 'discord:community', 'teams:oncall', 'email:research']) {
        expect((await store.storyOutbox.list(channel)).map((x) => [x.milestone, x.status])).toEqual([
          ['new', 'sent'],
          ['s3-m0', 'sent'],
        ]);
      }
      const logged = await store.outbox.deliveries({ limit: 100 });
      expect(logged.filter((d) => d.kind === 'story' && d.outcome === 'sent')).toHaveLength(8);

      // An operator's redelivery re-queues that one story message on that one channel; the next run
      // sends it again with the same message id, and nothing else.
      const first = logged.find((d) => d.kind === 'story' && d.channel === 'webhook:ops' && d.batchId === `story_${story.id}_new`);
      if (!first) throw new Error('no story delivery on webhook:ops');
      expect(await store.outbox.redeliver(first.id, NOW.toISOString())).toEqual({ batchId: `story_${story.id}_new`, channel: 'webhook:ops', requeued: 1 });
      await runPipeline(deps(items));
      expect([storyEvents().length, discordStories().length, teamsStories().length, mailStories().length]).toEqual([3, 2, 2, 2]);
      expect(storyEvents()[2]?.id).toBe(`story_${story.id}_new`);
      expect(await store.outbox.redeliver(first.id, NOW.toISOString())).toMatchObject({ requeued: 1 });
    });

    it('routes stories by size: the big story only to the webhook, items by the default route', async () => {
      const items = [1, 2, 3, 4].map((n) => report(n));
      await runPipeline(deps(items, [{ name: 'big stories', match: { minStorySize: 3 }, channels: ['webhook:ops'] }], ['discord:community']));
      expect(storyEvents()).toHaveLength(1);
      expect([discordStories().length, teamsStories().length, mailStories().length]).toEqual([0, 0, 0]);
      // A signal never matches a story-size rule: items take the default route (Discord only).
      expect(r.webhook.verified.filter((e) => e.type !== 'story.alert')).toEqual([]);
      expect(r.discord.requests.length).toBeGreaterThan(0);
      expect([r.teams.requests.length, r.smtp.received.length]).toEqual([0, 0]);
    });
  });
}
