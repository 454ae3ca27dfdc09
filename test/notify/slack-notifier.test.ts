import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../src/domain/errors.js';
import { formatItemMessage, type NotifiableItem } from '../../src/notify/slack/format.js';
import { slackConfigSchema } from '../../src/notify/slack/slack.config.js';
import { createSlackNotifier, toNotifiable } from '../../src/notify/slack/slack.notifier.js';
import type { SignalRow } from '../../src/store/store.port.js';
import { createSlackWebhook, redactWebhook, type SlackWebhook, type SlackWebhookConfig } from '../../src/notify/slack/slack.webhook.js';
import { fixedClock, realSleep, type Sleep } from '../../src/platform/clock.js';
import { loadSlackErrorSamples, slackError, startSlackFake, SLACK_FAKE_WEBHOOK_PATH, SLACK_OK, type SlackFake } from '../fakes/slack-fake.js';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { loopbackHttp } from '../helpers/http.js';

const NOW = new Date('2025-05-14T12:00:00.000Z');
const { documented, unverified } = loadSlackErrorSamples();
const permanent = documented.filter((e) => e.http_status >= 400 && e.http_status < 500 && e.http_status !== 410);
/** Issue 19: a 410 (archived or removed channel) is GONE: the notify pass disables the channel. */
const goneErrors = documented.filter((e) => e.http_status === 410);
const rollup = documented.find((e) => e.body === 'rollup_error');

const item: NotifiableItem = {
  itemId: 7,
  source: 'x',
  url: 'https://x.com/acme_ops/status/1',
  authorHandle: 'acme_ops',
  authorName: null,
  title: null,
  text: 'Checkout is down & returning 502 <again>',
  createdAt: '2025-05-14T11:00:00.000Z',
  category: 'outage',
  sentiment: 'negative',
  urgency: 5,
  salience: 95,
  reasoning: 'outage keywords',
  tags: ['checkout'],
  metrics: { likes: 10, reposts: 2, replies: 1, quotes: 0, views: 900 },
};
const message = formatItemMessage(item);
/** The same signal as the store returns it. */
const { itemId, ...fields } = item;
const row: SignalRow = {
  ...fields,
  id: itemId,
  status: 'active',
  triage: 'new',
  updatedAt: '2026-11-20T12:00:00.000Z',
  source: 'x',
  externalId: '1',
  category: 'outage',
  sentiment: 'negative',
  sentimentScore: -0.8,
  confidence: 0.9,
  breakdown: { raw: 1, metrics: 1, urgency: 5, urgencyPart: 1, base: 1, categoryBoost: 1, sentimentMultiplier: 1, ageHours: 1, recency: 1, unclamped: 95, cap: 100 },
};

let fake: SlackFake;
let sleeps: number[];
const fakeSleep: Sleep = async (ms) => {
  sleeps.push(ms);
};

const notifierFor = (webhookUrl: string, over: Partial<SlackWebhookConfig> = {}, sleep: Sleep = fakeSleep, random = (): number => 0): SlackWebhook =>
  createSlackWebhook(
    { webhookUrl, channel: 'alerts', timeoutMs: 2_000, allowInsecureLoopback: true, maxAttempts: 4, maxRetryAfterSeconds: 120, ...over },
    { http: loopbackHttp(), sleep, clock: fixedClock(NOW), random },
  );

/** Sends and returns the AppError it rejects with (fails the test when it resolves). */
const sendError = async (n: SlackWebhook, signal?: AbortSignal): Promise<AppError> => {
  const err: unknown = await n.send(message, signal).then(
    () => new Error('expected send to reject'),
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw err;
  return err;
};

/** The webhook URL and its token path appear nowhere in what an error can print or serialise. */
const expectNoSecret = (err: AppError, webhookUrl: string): void => {
  const token = new URL(webhookUrl).pathname;
  const printed = [err.message, String(err), err.stack ?? '', JSON.stringify(err), ...err.details, String(err.cause ?? '')].join('\n');
  expect(printed).not.toContain(webhookUrl);
  expect(printed).not.toContain(token);
  expect(printed).not.toContain('XXXXXXXX');
};

beforeEach(async () => {
  fake = await startSlackFake();
  sleeps = [];
});
afterEach(async () => {
  await fake.close();
});

describe('Slack notifier: delivery', () => {
  it('posts {text, blocks} as JSON and resolves on 200 ok', async () => {
    const n = createSlackNotifier(
      { webhookUrl: fake.webhookUrl, channel: 'alerts', timeoutMs: 2_000, allowInsecureLoopback: true, maxAttempts: 4, maxRetryAfterSeconds: 120, settings: { threshold: 80, limit: 10, digestThreshold: 5 } },
      { http: loopbackHttp(), sleep: fakeSleep, clock: fixedClock(NOW) },
    );
    expect(n.channel).toBe('alerts');
    expect(toNotifiable(row)).toEqual(item);
    await n.send({ kind: 'single', item: row, threshold: 80 });
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(SLACK_FAKE_WEBHOOK_PATH);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(fake.messages).toEqual([{ text: message.text, blocks: message.blocks }]);
    expect(fake.messages[0]?.blocks.length).toBeGreaterThan(0);
    expect(sleeps).toEqual([]);
  });

  it('retries 500 rollup_error after a backoff, then delivers', async () => {
    expect(rollup).toBeDefined();
    fake.script(slackError(500, rollup?.body ?? 'rollup_error'));
    await notifierFor(fake.webhookUrl).send(message);
    expect(fake.requests).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
    expect(sleeps).toEqual([1_000]);
  });

  it('backs off exponentially with bounded jitter', async () => {
    fake.script(slackError(500, 'rollup_error'), slackError(502, 'bad gateway'), slackError(503, ''));
    await notifierFor(fake.webhookUrl, {}, fakeSleep, () => 0.999).send(message);
    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    [1_000, 2_000, 4_000].forEach((base, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(base);
      expect(sleeps[i]).toBeLessThanOrEqual(base * 1.25);
    });
  });

  it.each([
    ['429 with Retry-After: 3', slackError(429, 'rate_limited', 3), 3_000],
    ['429 with Retry-After as an HTTP date', slackError(429, 'rate_limited', new Date(NOW.getTime() + 10_000).toUTCString()), 10_000],
    ['429 without Retry-After (backoff)', slackError(429, 'rate_limited'), 1_000],
    ['503 with Retry-After: 7', slackError(503, 'rollup_error', 7), 7_000],
  ])('%s: waits, then delivers', async (_label, response, waited) => {
    fake.script(response);
    await notifierFor(fake.webhookUrl).send(message);
    expect(sleeps).toEqual([waited]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
  });
});

describe('Slack notifier: failures', () => {
  it.each(permanent.map((e) => [e.http_status, e.body]))('%i %s is permanent: one request, no retry', async (status, body) => {
    fake.script(slackError(status, body));
    const err = await sendError(notifierFor(fake.webhookUrl));
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(`Slack rejected the message: ${status} ${body}`);
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
    expect(sleeps).toEqual([]);
    expectNoSecret(err, fake.webhookUrl);
  });

  it.each(goneErrors.map((e) => [e.http_status, e.body]))('%i %s is GONE: one request, no retry, status kept', async (status, body) => {
    fake.script(slackError(status, body));
    const err = await sendError(notifierFor(fake.webhookUrl));
    expect(err.code).toBe('GONE');
    expect(err.retryable).toBe(false);
    expect(err.upstreamStatus).toBe(410);
    expect(err.message).toMatch(/Slack answered 410 Gone/);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expectNoSecret(err, fake.webhookUrl);
  });

  it.each(unverified.map((b) => [b]))('unverified error string %s (as a 400) is named and not retried', async (body) => {
    fake.script(slackError(400, body));
    const err = await sendError(notifierFor(fake.webhookUrl));
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.message).toContain(body);
    expect(fake.requests).toHaveLength(1);
  });

  it('stops at once when Retry-After exceeds the maximum, with a retryable error', async () => {
    fake.script(slackError(429, 'rate_limited', 121));
    const err = await sendError(notifierFor(fake.webhookUrl));
    expect(err.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(121);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expectNoSecret(err, fake.webhookUrl);
  });

  it('gives up after maxAttempts requests when 5xx persists', async () => {
    fake.script(...Array.from({ length: 10 }, () => slackError(500, 'rollup_error')));
    const err = await sendError(notifierFor(fake.webhookUrl));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('500 rollup_error');
    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
    expectNoSecret(err, fake.webhookUrl);
  });

  it('gives up after maxAttempts when rate-limited throughout, keeping Retry-After', async () => {
    fake.script(...Array.from({ length: 3 }, () => slackError(429, 'rate_limited', 2)));
    const err = await sendError(notifierFor(fake.webhookUrl, { maxAttempts: 3 }));
    expect(err.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(2);
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([2_000, 2_000]);
  });

  it('retries a refused connection, then fails retryable without naming the URL', async () => {
    const gone = await startSlackFake();
    await gone.close();
    const err = await sendError(notifierFor(gone.webhookUrl, { maxAttempts: 2 }));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('network error (ECONNREFUSED)');
    expect(sleeps).toEqual([1_000]);
    expectNoSecret(err, gone.webhookUrl);
  });

  describe('with a server that never answers', () => {
    let silent: FakeServer;
    beforeEach(async () => {
      silent = await startFakeServer(() => undefined);
    });
    afterEach(async () => {
      await silent.close();
    });

    it('does not retry a timeout (the message may have been posted) and does not name the URL', async () => {
      const webhookUrl = `${silent.url}${SLACK_FAKE_WEBHOOK_PATH}`;
      const err = await sendError(notifierFor(webhookUrl, { timeoutMs: 150, maxAttempts: 2 }));
      expect(err.code).toBe('TIMEOUT');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain('did not answer within 150 ms');
      expect(silent.requests).toHaveLength(1);
      expectNoSecret(err, webhookUrl);
    });
  });

  it('fails without retry when the HTTP client refuses the host, without naming the URL', async () => {
    const webhookUrl = 'https://hooks.slack.example/services/T111/B222/XXXXXXXXXXXXsecret';
    const err = await sendError(notifierFor(webhookUrl));
    expect(err.retryable).toBe(false);
    expect(sleeps).toEqual([]);
    expectNoSecret(err, webhookUrl);
  });

  it('stops retrying when aborted, with a retryable error carrying the reason', async () => {
    const ctl = new AbortController();
    const reason = new Error('shutting down');
    fake.script(slackError(429, 'rate_limited', 30));
    const abortingSleep: Sleep = (ms, signal) => {
      ctl.abort(reason);
      return realSleep(ms, signal);
    };
    const n = notifierFor(fake.webhookUrl, {}, abortingSleep);
    const err = await sendError(n, ctl.signal);
    expect([err.code, err.retryable, err.message, err.cause]).toEqual(['UPSTREAM_UNAVAILABLE', true, 'Slack delivery aborted: shutting down', reason]);
    expect(fake.requests).toHaveLength(1);
    const again = await sendError(n, ctl.signal);
    expect(again.retryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('redactWebhook', () => {
  const url = 'https://hooks.slack.com/services/T000/B000/abcdef';
  it.each([
    [`POST ${url} failed`, 'POST [redacted webhook] failed'],
    ['path /services/T000/B000/abcdef leaked', 'path [redacted webhook] leaked'],
    [`encoded ${encodeURIComponent(url)}`, 'encoded [redacted webhook]'],
    ['nothing to hide', 'nothing to hide'],
  ])('%s', (input, output) => {
    expect(redactWebhook(url, input)).toBe(output);
  });
});

describe('Slack fake', () => {
  it('answers 200 ok by default and replays scripted replies in order', async () => {
    fake.script(slackError(500, 'rollup_error'), SLACK_OK);
    const post = (): Promise<Response> =>
      fetch(fake.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi","blocks":[]}' });
    const replies = await Promise.all([post(), post(), post()].map(async (p) => (await p).status));
    expect(replies.sort()).toEqual([200, 200, 500]);
    expect(fake.messages).toHaveLength(2);
    const wrongPath = await fetch(`${fake.url}/services/other`, { method: 'POST', body: '{}' });
    expect([wrongPath.status, await wrongPath.text()]).toEqual([404, 'no_service']);
    const notJson = await fetch(fake.webhookUrl, { method: 'POST', body: 'text=hi' });
    expect([notJson.status, await notJson.text()]).toEqual([400, 'invalid_payload']);
  });
});

describe('slackConfigSchema', () => {
  it('fills the defaults; the webhook stays optional', () => {
    expect(slackConfigSchema.parse({})).toEqual({
      channel: 'default',
      threshold: 72.559,
      limit: 10,
      digestThreshold: 5,
      timeoutMs: 8_000,
      webhooks: [],
      allowInsecureLoopback: false,
      maxAttempts: 4,
      maxRetryAfterSeconds: 120,
    });
  });

  it.each([
    ['a non-http webhook', { webhookUrl: 'ftp://hooks.slack.com/x' }, 'webhookUrl'],
    ['threshold above 100', { threshold: 101 }, 'threshold'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['negative hours', { hours: -1 }, 'hours'],
    ['an unknown key', { webhook: 'https://hooks.slack.com/x' }, ''],
  ])('rejects %s', (_label, input, path) => {
    const r = slackConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
