import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analysis/analyzer.port.js';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { summarizeRun } from '../../src/cli/commands/pipeline.commands.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import type { NewItem } from '../../src/domain/item.js';
import { entitiesConfigSchema } from '../../src/entities/entities.config.js';
import { createSlackNotifier } from '../../src/notify/slack/slack.notifier.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runAnalyze } from '../../src/pipeline/analyze.stage.js';
import type { NotifySettings } from '../../src/notify/notifier.port.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { runScore } from '../../src/pipeline/score.stage.js';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { startSlackFake, slackError, type SlackFake } from '../fakes/slack-fake.js';
import { newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const sqlite = storeTargets()[0];
if (!sqlite) throw new Error('no SQLite target');

const outage = (n: number, over: Partial<NewItem> = {}): NewItem =>
  newItem(n, { text: `Brindlepost is down again, cannot log in, status page says nothing #${n}`, metrics: { likes: 500, reposts: 100, replies: 80, quotes: 10, views: 0 }, createdAt: new Date(NOW.getTime() - n * 60_000).toISOString(), ...over });

const listSource = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items, cursor: { key: 'list', value: String(items.length) } };
  },
});

describe('pipeline (in process, SQLite, Slack fake)', () => {
  let store: Store;
  let slack: SlackFake;
  let clock: Clock;
  const sleeps: number[] = [];

  const slackNotifier = (channel: string, webhookUrl: string, settings: Partial<NotifySettings> = {}) =>
    createSlackNotifier(
      { webhookUrl, channel, timeoutMs: 2000, allowInsecureLoopback: true, maxAttempts: 2, maxRetryAfterSeconds: 60, settings: { threshold: 80, limit: 10, digestThreshold: 5, ...settings } },
      { http: loopbackHttp(), clock, sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );

  const deps = (over: Partial<PipelineDeps> & { notify?: Partial<NotifySettings> } = {}): PipelineDeps => {
    const { notify, ...rest } = over;
    return {
      store,
      sources: [],
      analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: ['Kestrelboard'] }),
      notifiers: [slackNotifier('ops', slack.webhookUrl, notify)],
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({}),
      batchSize: 3,
      ...rest,
    };
  };

  beforeEach(async () => {
    clock = fixedClock(NOW);
    store = await sqlite.open(clock);
    slack = await startSlackFake();
    sleeps.length = 0;
  });
  afterEach(async () => {
    await store.close();
    await slack.close();
  });

  it('runs fetch → analyze → score → notify, records the run, and sends nothing twice', async () => {
    const d = deps({ sources: [listSource([outage(1), outage(2), newItem(3, { text: 'lunch was nice' })])] });
    const first = await runPipeline(d);
    expect(first).toMatchObject({ status: 'succeeded', fetch: { inserted: 3 }, analyze: { ok: 3, failed: 0 }, score: { ok: 3 }, notify: { ok: 2, queued: 2 } });
    expect(slack.messages).toHaveLength(2);
    expect(slack.messages[0]?.text).toMatch(/outage/i);
    const second = await runPipeline(d);
    expect(second.notify).toMatchObject({ ok: 0, queued: 0 });
    expect(slack.messages).toHaveLength(2);
    const runs = await store.runs.recent(5);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[1]?.stats).toMatchObject({ fetch: { inserted: 3 }, analyze: { ok: 3 }, score: { ok: 3 }, notify: { ok: 2 } });
    expect((runs[1]?.stats as { analyze: { durationMs: number } }).analyze.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records every stage that ran in the run, topics and entities included, and the summary names each', async () => {
    const d = deps({ sources: [listSource([outage(1), newItem(2, { text: 'new paper on quantum error correction' })])], topics: topicsConfigSchema.parse({}), entities: entitiesConfigSchema.parse({}) });
    const r = await runPipeline(d);
    expect(r.topics).toMatchObject({ ok: 2 });
    expect(r.entities).toMatchObject({ ok: 2 });
    const [run] = await store.runs.recent(1);
    expect(run?.stats).toMatchObject({ topics: { ok: 2 }, entities: { ok: 2 }, spikes: { skipped: 1 } });
    const lines = summarizeRun(r).split('\n').map((l) => l.split(/\s+/)[1]);
    expect(lines.slice(1)).toEqual(['fetch', 'analyze', 'stories', 'score', 'notify', 'topics', 'entities', 'spikes']);
    expect(summarizeRun(r)).toMatch(/^ {2}spikes {3}off \(spikes.enabled is false\)$/m);
    expect(summarizeRun({ ...r, topics: undefined, entities: undefined }).split('\n')).toHaveLength(7);
  });

  it('sends one digest instead of a flood when more than K items qualify', async () => {
    // Stories out of the way (no story reaches 100 members): this is about item messages.
    const d = deps({ sources: [listSource(Array.from({ length: 7 }, (_, i) => outage(i + 1)))], notify: { digestThreshold: 5 }, scoring: scoringConfigSchema.parse({ stories: { notifyMinMembers: 100 } }) });
    const r = await runPipeline(d);
    expect(r.notify).toMatchObject({ ok: 7, digests: 1, stories: { sent: 0 } });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]?.text).toMatch(/7 items/);
    expect((await store.outbox.list('ops')).every((o) => o.status === 'sent' && o.kind === 'digest')).toBe(true);
  });

  it('sends one story message instead of the seven posts that make it (ADR 0023, amended: items folded)', async () => {
    const d = deps({ sources: [listSource(Array.from({ length: 7 }, (_, i) => outage(i + 1)))], notify: { digestThreshold: 5 } });
    const r = await runPipeline(d);
    expect(r.notify).toMatchObject({ ok: 0, digests: 0, stories: { sent: 1 } });
    expect(slack.messages.map((m) => m.text)).toEqual([expect.stringMatching(/^🧵 New story: 1 source, 7 mentions/)]);
    const rows = await store.outbox.list('ops');
    expect(rows.map((o) => o.status)).toEqual(Array.from({ length: 7 }, () => 'folded'));
    expect((await runPipeline(d)).notify).toMatchObject({ ok: 0, queued: 0, stories: { sent: 0 } });
    expect(slack.messages).toHaveLength(1);
  });

  it('honours threshold, limit and hours', async () => {
    const items = [outage(1), outage(2), outage(3), outage(600, { createdAt: new Date(NOW.getTime() - 10 * 3_600_000).toISOString() })];
    const d = deps({ sources: [listSource(items)], notify: { limit: 2, hours: 6, digestThreshold: 50, threshold: 1 }, scoring: scoringConfigSchema.parse({ stories: { notifyMinMembers: 100 } }) });
    const r = await runPipeline(d);
    expect(r.notify.ok).toBe(2);
    const again = await runPipeline(d);
    expect(again.notify.ok).toBe(1);
    const third = await runPipeline(d);
    expect(third.notify.ok).toBe(0);
    const sent = await store.outbox.list('ops');
    expect(sent.map((o) => o.itemId).sort()).toHaveLength(3);
    const old = await store.findItem('demo', 'ext-600');
    expect(sent.some((o) => o.itemId === old?.id)).toBe(false);
  });

  it('fails permanently on a 4xx, and retries 5xx on a later run', async () => {
    const d = deps({ sources: [listSource([outage(1), outage(2)])] });
    slack.script(slackError(404, 'channel_not_found'), slackError(500, 'rollup_error'), slackError(500, 'rollup_error'));
    const r = await runPipeline(d);
    expect(r.notify).toMatchObject({ ok: 0, failed: 2 });
    expect(r.status).toBe('failed');
    const rows = await store.outbox.list('ops');
    expect(rows.map((o) => o.status).sort()).toEqual(['failed', 'pending']);
    expect(rows.find((o) => o.status === 'failed')?.lastError).toMatch(/404 channel_not_found/);
    expect(sleeps).toEqual([1000]);
    // a run before the backoff (60 s after the first failure, ADR 0027) leaves it waiting
    expect((await runPipeline(d)).notify).toMatchObject({ ok: 0, failed: 0 });
    const retry = await runPipeline({ ...d, clock: fixedClock(new Date(NOW.getTime() + 60_000)) });
    expect(retry.notify).toMatchObject({ ok: 1, failed: 0 });
    expect((await store.outbox.list('ops')).map((o) => o.status).sort()).toEqual(['failed', 'sent']);
    expect(slack.messages).toHaveLength(1);
  });

  it('sends to every configured channel once, each under its own settings, and sums the counts', async () => {
    const eng = await startSlackFake();
    try {
      const notifiers = [slackNotifier('ops', slack.webhookUrl), slackNotifier('eng', eng.webhookUrl, { digestThreshold: 1 })];
      const d = deps({ notifiers, sources: [listSource([outage(1), outage(2)])] });
      const r = await runPipeline(d);
      expect(r.notify).toMatchObject({ ok: 4, queued: 4, digests: 1, failed: 0 });
      expect(slack.messages).toHaveLength(2);
      expect(eng.messages.map((m) => m.text)).toEqual([expect.stringMatching(/^📬 2 items/)]);
      expect((await runPipeline(d)).notify).toMatchObject({ ok: 0, queued: 0 });
      expect([slack.messages.length, eng.messages.length]).toEqual([2, 1]);
    } finally {
      await eng.close();
    }
  });

  it('skips notify with a reason when Slack is not configured', async () => {
    const r = await runPipeline(deps({ notifiers: [], sources: [listSource([outage(1)])] }));
    expect(r.notify.reason).toMatch(/Slack is not configured/);
    expect(r.status).toBe('succeeded');
  });

  it('counts one bad item as one failure and analyses the rest', async () => {
    const inner = createHeuristicAnalyzer({ products: [], competitors: [] });
    const fragile: Analyzer = {
      provider: 'test',
      model: 'fragile',
      promptVersion: '1',
      analyze: async (inputs) => {
        if (inputs.some((i) => i.text.includes('poison'))) throw new Error('cannot analyse poison');
        return inner.analyze(inputs);
      },
    };
    await store.saveFetchBatch('demo', [newItem(1), newItem(2, { text: 'poison pill' }), newItem(3), newItem(4)]);
    const r = await runAnalyze(deps({ analyzer: fragile }));
    expect(r).toMatchObject({ ok: 3, failed: 1 });
    expect((await store.pendingAnalysis(0, 10)).map((i) => i.text)).toEqual(['poison pill']);
  });

  it('re-scores recent items so age decay shows', async () => {
    await store.saveFetchBatch('demo', [outage(1, { metrics: { likes: 2, reposts: 0, replies: 0, quotes: 0, views: 0 } })]);
    await runAnalyze(deps());
    await runScore(deps());
    const item = await store.findItem('demo', 'ext-1');
    const before = await store.getScore(item?.id ?? -1);
    clock = fixedClock(new Date(NOW.getTime() + 24 * 3_600_000));
    const r = await runScore(deps({ clock }));
    expect(r.ok).toBe(1);
    const after = await store.getScore(item?.id ?? -1);
    // one half-life halves the score; the salience (its monotone squashing, ADR 0021) drops with it
    expect(before?.salience ?? 100).toBeLessThan(100);
    expect(after?.breakdown.unclamped ?? 0).toBeCloseTo((before?.breakdown.unclamped ?? 0) / 2, 0);
    expect(after?.salience ?? 0).toBeLessThan(before?.salience ?? 0);
    expect(after?.salience ?? 0).toBeGreaterThan(0);
  });
});
