import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { isAppError } from '../../src/domain/errors.js';
import type { Notifier } from '../../src/notify/notifier.port.js';
import { assertDistinctChannels, buildNotifiers, type NotifierDeps } from '../../src/notify/registry.js';
import { formatDigestMessage, formatItemMessage } from '../../src/notify/slack/format.js';
import { renderSlackAlert, toNotifiable } from '../../src/notify/slack/slack.notifier.js';
import { fixedClock } from '../../src/platform/clock.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { signalRow } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';

const deps = (): NotifierDeps => ({ http: loopbackHttp(), clock: fixedClock(new Date('2026-11-20T12:00:00.000Z')), sleep: async () => undefined });

describe('buildNotifiers', () => {
  let fake: SlackFake;
  beforeEach(async () => {
    fake = await startSlackFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('builds nothing when no channel is configured', () => {
    expect(buildNotifiers(configSchema.parse({}).notify, deps())).toEqual([]);
  });

  it('builds the Slack channel from notify.slack with its own settings, and it renders and posts alerts', async () => {
    const notify = configSchema.parse({
      notify: { slack: { webhookUrl: fake.webhookUrl, allowInsecureLoopback: true, channel: 'alerts', threshold: 60, hours: 12, dashboardUrl: 'https://harvest.example.com/' } },
    }).notify;
    const [slack, ...rest] = buildNotifiers(notify, deps());
    expect(rest).toEqual([]);
    expect(slack?.channel).toBe('alerts');
    expect(slack?.settings).toEqual({ threshold: 60, limit: 10, hours: 12, digestThreshold: 5, dashboardUrl: 'https://harvest.example.com/', retry: { maxAttempts: 5, baseSeconds: 60, maxSeconds: 21_600 } });
    const items = [signalRow(1, { salience: 70 }), signalRow(2, { salience: 95, category: 'security' })];
    await slack?.send({ kind: 'digest', items, total: 2, threshold: 60, dashboardUrl: 'https://harvest.example.com/' });
    const single = signalRow(3);
    await slack?.send({ kind: 'single', item: single, threshold: 60 });
    const digest = formatDigestMessage(items.map(toNotifiable), { total: 2, threshold: 60, dashboardUrl: 'https://harvest.example.com/' });
    const one = formatItemMessage(toNotifiable(single));
    expect(fake.messages).toEqual([
      { text: digest.text, blocks: digest.blocks },
      { text: one.text, blocks: one.blocks },
    ]);
    expect(JSON.stringify(fake.messages[0]?.blocks)).toContain('Open the dashboard');
  });

  it('refuses two channels sharing an outbox key', () => {
    const n = (channel: string): Notifier => ({ channel, settings: { threshold: 80, limit: 10, digestThreshold: 5 }, send: async () => undefined });
    expect(() => assertDistinctChannels([n('a'), n('b')])).not.toThrow();
    let err: unknown;
    try {
      assertDistinctChannels([n('a'), n('b'), n('a')]);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err) && [err.code, err.message]).toEqual(['CONFIG_INVALID', 'two notification channels share the outbox key "a": give each a distinct channel label']);
  });
});

describe('renderSlackAlert', () => {
  it('renders a single alert as the item message and a digest as the digest message', () => {
    const row = signalRow(3, { title: 'Checkout down', url: 'https://example.com/3' });
    expect(renderSlackAlert({ kind: 'single', item: row, threshold: 80 })).toEqual(formatItemMessage(toNotifiable(row)));
    const rows = [row, signalRow(4)];
    expect(renderSlackAlert({ kind: 'digest', items: rows, total: 7, threshold: 80 })).toEqual(formatDigestMessage(rows.map(toNotifiable), { total: 7, threshold: 80 }));
    expect(renderSlackAlert({ kind: 'digest', items: rows, total: 7, threshold: 80 }).text).toMatch(/^📬 7 items at salience ≥ 80/);
  });

  it('maps every field a Slack message shows', () => {
    const row = signalRow(5, { authorName: null, tags: ['a', 'b'] });
    expect(toNotifiable(row)).toEqual({
      itemId: 5,
      source: row.source,
      url: row.url,
      authorHandle: row.authorHandle,
      authorName: null,
      title: null,
      text: row.text,
      createdAt: row.createdAt,
      category: 'outage',
      sentiment: 'negative',
      urgency: 4,
      salience: 90,
      reasoning: 'test',
      tags: ['a', 'b'],
      metrics: row.metrics,
    });
  });
});
