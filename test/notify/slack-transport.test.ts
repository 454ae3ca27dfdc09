import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { isAppError, type AppError } from '../../src/domain/errors.js';
import { notifyChannel } from '../../src/notify/notify.service.js';
import { buildNotifiers, notifyConfigSchema } from '../../src/notify/registry.js';
import { createSlackWebhook, type SlackWebhook } from '../../src/notify/slack/slack.webhook.js';
import { createLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets } from '../helpers/stores.js';

const TOKEN_PATH = '/services/T0SLACK/B0SLACK/tokenSECRETtoken';
const message = { text: 'hello', blocks: [] };

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const serve = async (status: number, body = ''): Promise<FakeServer> => {
  const s = await startFakeServer((_req, res) => {
    res.statusCode = status;
    res.end(body);
  });
  servers.push(s);
  return s;
};

const webhook = (webhookUrl: string): SlackWebhook =>
  createSlackWebhook(
    { webhookUrl, channel: 'default', timeoutMs: 2_000, allowInsecureLoopback: true, maxAttempts: 2, maxRetryAfterSeconds: 60 },
    { http: loopbackHttp(), clock: systemClock, sleep: async () => undefined, random: () => 0 },
  );

const sendError = async (w: SlackWebhook): Promise<AppError> => {
  const err: unknown = await w.send(message).then(
    () => new Error('expected send to reject'),
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw err;
  return err;
};

const configProblems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, { cwd: '/nonexistent-dir-for-config' });
    return [];
  } catch (err) {
    return isAppError(err) ? [...err.details] : [String(err)];
  }
};

describe('legacy Slack webhook: URL rule at config load', () => {
  it.each([
    ['http to a non-loopback host', { SLACK_WEBHOOK_URL: `http://hooks.slack.com${TOKEN_PATH}` }, /plain http is allowed only to a loopback/],
    ['http to loopback without the flag', { SLACK_WEBHOOK_URL: `http://127.0.0.1:9${TOKEN_PATH}` }, /allowInsecureLoopback/],
    ['http to a non-loopback host even with the flag', { SLACK_WEBHOOK_URL: `http://hooks.slack.com${TOKEN_PATH}`, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' }, /loopback/],
  ])('refuses %s, naming the field and never the URL', (_label, env, why) => {
    const problems = configProblems(env);
    const text = problems.join('\n');
    expect(problems.some((p) => p.includes('notify.slack.webhookUrl') || p.includes('SLACK_WEBHOOK_URL'))).toBe(true);
    expect(text).toMatch(why);
    expect(text).not.toContain('tokenSECRETtoken');
    expect(text).not.toContain('T0SLACK');
  });

  it('accepts https, and loopback http with the flag (env or config)', () => {
    expect(loadConfig({ SLACK_WEBHOOK_URL: `https://hooks.slack.com${TOKEN_PATH}` }, { cwd: '/nonexistent-dir-for-config' }).config.notify.slack.allowInsecureLoopback).toBe(false);
    const viaEnv = loadConfig({ SLACK_WEBHOOK_URL: `http://127.0.0.1:9${TOKEN_PATH}`, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' }, { cwd: '/nonexistent-dir-for-config' });
    expect(viaEnv.config.notify.slack.allowInsecureLoopback).toBe(true);
    const viaSchema = notifyConfigSchema.safeParse({ slack: { webhookUrl: `http://localhost:9${TOKEN_PATH}`, allowInsecureLoopback: true } });
    expect(viaSchema.success).toBe(true);
  });

  it('refuses a flag value that is not a boolean', () => {
    const problems = configProblems({ SLACK_ALLOW_INSECURE_LOOPBACK: 'maybe' });
    expect(problems.join('\n')).toMatch(/SLACK_ALLOW_INSECURE_LOOPBACK|allowInsecureLoopback/);
  });

  it('the transport checks the URL again where it is built', () => {
    const build = (): SlackWebhook =>
      createSlackWebhook(
        { webhookUrl: `http://127.0.0.1:9${TOKEN_PATH}`, channel: 'default', timeoutMs: 2_000, allowInsecureLoopback: false, maxAttempts: 1, maxRetryAfterSeconds: 1 },
        { http: loopbackHttp(), clock: systemClock, sleep: async () => undefined },
      );
    expect(build).toThrow(/notify\.slack\.webhookUrl.*allowInsecureLoopback/);
    expect(build).not.toThrow(/tokenSECRETtoken/);
  });
});

describe('legacy Slack webhook: transport safety', () => {
  it('does not follow a redirect to another origin', async () => {
    const target = await serve(200, 'ok');
    const redirector = await startFakeServer((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', `${target.url.replace('127.0.0.1', 'localhost')}${TOKEN_PATH}`);
      res.end();
    });
    servers.push(redirector);
    const err = await sendError(webhook(`${redirector.url}${TOKEN_PATH}`));
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/another origin/);
    expect(err.message).not.toContain('tokenSECRETtoken');
    expect(target.requests).toHaveLength(0);
  });

  it('caps the answer it reads at 64 KiB', async () => {
    const big = await serve(200, 'x'.repeat(1024 * 1024));
    const err = await sendError(webhook(`${big.url}${TOKEN_PATH}`));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toMatch(/size cap/);
    expect(err.message).not.toContain('tokenSECRETtoken');
  });

  it('410 is GONE (not retried), with upstreamStatus 410 and the URL redacted', async () => {
    const g = await serve(410, 'no_service');
    const err = await sendError(webhook(`${g.url}${TOKEN_PATH}`));
    expect(err.code).toBe('GONE');
    expect(err.retryable).toBe(false);
    expect(err.upstreamStatus).toBe(410);
    expect(g.requests).toHaveLength(1);
    expect(`${err.message}\n${err.details.join('\n')}`).not.toContain('tokenSECRETtoken');
  });
});

const seed = async (store: Store, n: number): Promise<void> => {
  const at = new Date().toISOString();
  await store.saveFetchBatch('demo', Array.from({ length: n }, (_, i) => newItem(i + 1)));
  const items = await store.pendingAnalysis(0, 1000);
  await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: at })));
  await store.saveScores(items.map((it) => ({ itemId: it.id, salience: 95, breakdown: {} as never, scoredAt: at })));
};

describe.each(storeTargets())('legacy Slack webhook answering 410 on $name', (target) => {
  it('disables the channel with a log line; the items stay pending and go out once re-enabled', async () => {
    const store = await target.open(systemClock);
    try {
      await seed(store, 2);
      let status = 410;
      const slack = await startFakeServer((_req, res) => {
        res.statusCode = status;
        res.end(status === 200 ? 'ok' : 'no_service');
      });
      servers.push(slack);
      const cfg = notifyConfigSchema.parse({ slack: { webhookUrl: `${slack.url}${TOKEN_PATH}`, allowInsecureLoopback: true, threshold: 80, digestThreshold: 100 } });
      const [legacy] = buildNotifiers(cfg, { http: loopbackHttp(), clock: systemClock, sleep: async () => undefined });
      if (!legacy) throw new Error('no notifier');
      expect(legacy.channel).toBe('default');
      const lines: string[] = [];
      const log = createLogger({ level: 'info', format: 'json', destination: { write: (s: string) => void lines.push(s) } });
      const deps = { outbox: store.outbox, clock: systemClock, log };
      expect(await notifyChannel(deps, legacy)).toMatchObject({ ok: 0 });
      expect(slack.requests).toHaveLength(1);
      expect(lines.join('\n')).toMatch(/channel default disabled: the receiver answered 410 Gone/);
      expect(lines.join('\n')).not.toContain('tokenSECRETtoken');
      expect(await store.outbox.disabledChannels()).toMatchObject([{ channel: 'default' }]);
      expect((await store.outbox.deliveries({ limit: 5 }))[0]).toMatchObject({ outcome: 'gone', statusCode: 410 });
      await notifyChannel(deps, legacy);
      expect(slack.requests).toHaveLength(1);
      status = 200;
      expect(await store.outbox.enableChannel('default')).toBe(true);
      expect(await notifyChannel(deps, legacy)).toMatchObject({ ok: 2 });
      expect(slack.requests).toHaveLength(3);
    } finally {
      await store.close();
    }
  });
});
