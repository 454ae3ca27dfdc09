import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { configSchema } from '../../src/config/schema.js';
import { composeApp, type App } from '../../src/main/compose.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createPromMetrics, sqlOperation } from '../../src/observability/prometheus/prom.metrics.js';
import { startMetricsServer } from '../../src/observability/prometheus/metrics.server.js';
import { errorKindOfText } from '../../src/observability/error-kind.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { startSlackFake, slackError, type SlackFake } from '../fakes/slack-fake.js';
import { cassetteResponse, jsonResponse, readXSample, startXFake, type XFake } from '../fakes/x-fake.js';
import { tempDir } from '../helpers/stores.js';
import { alertRules, dashboardExprs, metricNames } from './monitoring-files.js';

const TOKEN = 'test-bearer-token-0123456789';
/** X's documented 429 body shape (test/fixtures/api-samples/x/own_x_error_examples.json). */
const RECORDED_429 = readXSample<{ rate_limit_429_body_as_documented: unknown }>('own_x_error_examples.json').rate_limit_429_body_as_documented;
const API_KEY = 'metrics-test-admin-key-0123456789';

/** Metric families (`# TYPE` lines) and the series with their values from a text exposition. */
const parseExposition = (text: string) => {
  const families = new Set<string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) \S+$/.exec(line);
    if (type) families.add(type[1] as string);
    else if (line !== '' && !line.startsWith('#')) {
      const i = line.lastIndexOf(' ');
      samples.set(line.slice(0, i), Number(line.slice(i + 1)));
    }
  }
  const sum = (prefix: string): number => [...samples].filter(([k]) => k === prefix || k.startsWith(`${prefix}{`)).reduce((s, [, v]) => s + v, 0);
  const find = (name: string, labels: Record<string, string>): number | undefined => {
    for (const [k, v] of samples) {
      if (!(k === name || k.startsWith(`${name}{`))) continue;
      if (Object.entries(labels).every(([l, val]) => k.includes(`${l}="${val}"`))) return v;
    }
    return undefined;
  };
  return { families, samples, sum, find };
};

describe('GET /metrics/prometheus after a real pipeline run and API calls', () => {
  let app: App;
  let api: FastifyInstance;
  let slack: SlackFake;
  let x: XFake;
  let text = '';

  beforeAll(async () => {
    slack = await startSlackFake();
    // X first says "slow down" (a recorded 429 body, Retry-After 0), then answers with a recorded page.
    x = await startXFake({
      bearerToken: TOKEN,
      scripts: [jsonResponse(RECORDED_429, 429, { 'retry-after': '0' }), cassetteResponse('tweepy-cassette_test_client_search_recent_tweets.json')],
    });
    // Slack answers the first delivery with a recorded 500 and the retry with 200.
    slack.script(slackError(500, 'rollup_error'));
    const config = configSchema.parse({
      store: { path: join(tempDir('harvest-metrics-'), 'app.db') },
      now: '2026-11-20T18:30:00.000Z',
      sources: {
        demo: { enabled: true, batchSize: 1000 },
        x: { bearerToken: TOKEN, baseUrl: x.url, queries: [{ name: 'brand', query: 'brindlepost' }], maxRetries: 2, maxPages: 1 },
      },
      notify: { slack: { webhookUrl: slack.webhookUrl, allowInsecureLoopback: true, channel: 'alerts-test', threshold: 60, limit: 2, digestThreshold: 1000, maxAttempts: 3 } },
      api: { keys: [API_KEY], rateLimit: { anonymousPerMinute: 100_000 } },
    });
    app = composeApp(config, { log: silentLogger() });
    await app.store.migrate();
    const run = await runPipeline(app.pipelineDeps(), { trigger: 'test' });
    expect(run.fetch.bySource.x?.error).toBeUndefined();
    api = await buildApp({ store: app.store, clock: app.clock, log: app.log, api: config.api, version: '0.1.0', metrics: app.metrics });
    const h = { 'x-api-key': API_KEY };
    expect((await api.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/top?limit=5', headers: h })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/signals/1', headers: h })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/signals/999999', headers: h })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/no/such/path/12345', headers: h })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/top' })).statusCode).toBe(401);
    // A mute rule (ADR 0029) that matches nothing, for `harvest_mutes`.
    expect((await api.inject({ method: 'POST', url: '/mutes', headers: h, payload: { kind: 'phrase', value: 'zz-matches-nothing-zz' } })).statusCode).toBe(201);
    const scrape = await api.inject({ method: 'GET', url: '/metrics/prometheus' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    text = scrape.body;
  }, 90_000);

  afterAll(async () => {
    await api?.close();
    await app?.close();
    await slack?.close();
    await x?.close();
  });

  it('exports every metric that any alert rule or dashboard panel reads', () => {
    const { families } = parseExposition(text);
    const used = new Map<string, string>();
    for (const r of alertRules()) for (const n of metricNames(r.expr)) used.set(n, `alert ${r.alert}`);
    for (const p of dashboardExprs()) for (const n of metricNames(p.expr)) used.set(n, `${p.dashboard} › ${p.panel}`);
    expect(used.size).toBeGreaterThan(20);
    // `up` is the one series Prometheus itself writes for every scrape target.
    const missing = [...used].filter(([n]) => n !== 'up' && !families.has(n)).map(([n, where]) => `${n} (${where})`);
    expect(missing).toEqual([]);
  });

  it('records what really happened: stages, sources, analyzer, Slack, HTTP and the store', () => {
    const m = parseExposition(text);
    for (const stage of ['fetch', 'analyze', 'stories', 'score', 'notify']) {
      expect(m.find('harvest_pipeline_stage_runs_total', { stage, outcome: 'success' })).toBe(1);
      expect(m.find('harvest_pipeline_stage_duration_seconds_count', { stage })).toBe(1);
      expect(m.find('harvest_pipeline_stage_last_success_timestamp_seconds', { stage })).toBe(Date.parse('2026-11-20T18:30:00.000Z') / 1000);
    }
    expect(m.find('harvest_pipeline_stage_items_total', { stage: 'fetch' })).toBeGreaterThan(100);
    expect(m.find('harvest_source_fetched_items_total', { source: 'demo' })).toBeGreaterThan(100);
    expect(m.find('harvest_source_fetched_items_total', { source: 'x' })).toBeGreaterThan(0);
    expect(m.find('harvest_source_rate_limited_total', { source: 'x' })).toBe(1);
    expect(m.find('harvest_source_last_success_timestamp_seconds', { source: 'x' })).toBeGreaterThan(0);
    expect(m.find('harvest_analyzer_requests_total', { provider: 'heuristic', model: 'rules-v1', outcome: 'ok' })).toBeGreaterThan(0);
    expect(m.find('harvest_notifications_total', { channel: 'alerts-test', outcome: 'retried' })).toBe(1);
    // Two item messages (limit 2) and, through the same channel, two story messages (ADR 0023) and
    // the demo's research items over notify.discovery.minScore (discovery alerts, ADR 0027 amended).
    const storyMessages = slack.messages.filter((msg) => /story/i.test(msg.text)).length;
    const discoveryMessages = slack.messages.filter((msg) => msg.text.startsWith('🔭 Discovery')).length;
    expect([storyMessages, discoveryMessages]).toEqual([2, 2]);
    expect(m.find('harvest_notifications_total', { channel: 'alerts-test', outcome: 'sent' })).toBe(2 + storyMessages + discoveryMessages);
    expect(slack.messages).toHaveLength(2 + storyMessages + discoveryMessages);
    // HTTP: route templates, never raw paths; 404s of unknown paths share one label.
    expect(m.find('harvest_http_requests_total', { route: '/signals/:id', method: 'GET', status_code: '200' })).toBe(1);
    expect(m.find('harvest_http_requests_total', { route: '/signals/:id', method: 'GET', status_code: '404' })).toBe(1);
    expect(m.find('harvest_http_requests_total', { route: '__unmatched__', method: 'GET', status_code: '404' })).toBe(1);
    expect(m.find('harvest_http_requests_total', { route: '/top', status_code: '401' })).toBe(1);
    expect(text).not.toMatch(/route="[^"]*\d{3,}/);
    expect(m.find('harvest_http_request_duration_seconds_count', { route: '/top', status_code: '200' })).toBe(1);
    expect(m.find('harvest_http_requests_in_flight', { route: '/metrics/prometheus' })).toBe(1);
    // Store-derived gauges (what a CronJob's run leaves behind).
    expect(m.find('harvest_store_up', {})).toBe(1);
    expect(m.find('harvest_store_items', { source: 'demo' })).toBeGreaterThan(100);
    // Stories (ADR 0023): open stories and their sizes, read from the store at scrape time.
    const open = m.find('harvest_stories_open', {}) ?? 0;
    expect(open).toBeGreaterThan(10);
    expect(m.find('harvest_story_items_count', {})).toBe(open);
    expect(m.find('harvest_story_items_bucket', { le: '1' })).toBeLessThan(open);
    expect(m.find('harvest_store_size_bytes', {})).toBeGreaterThan(100_000);
    expect(m.find('harvest_mutes', { kind: 'phrase' })).toBe(1);
    expect(m.find('harvest_mutes', { kind: 'author' })).toBe(0);
    expect(m.find('harvest_store_volume_available_bytes', {})).toBeGreaterThan(0);
    expect(m.find('harvest_pipeline_last_success_timestamp_seconds', {})).toBe(Date.parse('2026-11-20T18:30:00.000Z') / 1000);
    expect(m.find('harvest_outbox_notifications', { status: 'sent' })).toBe(2);
    expect(m.find('harvest_outbox_backlog', {})).toBe(0);
    expect(m.find('harvest_source_last_run_error', { source: 'x', kind: 'none' })).toBe(0);
    expect(m.sum('harvest_store_query_duration_seconds_count')).toBeGreaterThan(10);
    expect(m.find('harvest_store_query_duration_seconds_count', { operation: 'select', outcome: 'ok' })).toBeGreaterThan(0);
    expect(m.find('harvest_build_info', { version: '0.1.0' })).toBe(1);
    expect(m.find('harvest_process_memory_limit_bytes', {})).toBeGreaterThan(0);
    expect(m.find('process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(m.find('process_start_time_seconds', {})).toBeGreaterThan(0);
  });

  it('keeps secrets out of the exposition', () => {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(slack.webhookUrl);
    expect(text).not.toContain('/services/');
  });

  it("serves the daemon's registry on its own listener (harvest daemon --metrics-port)", async () => {
    const server = await startMetricsServer(app.metrics, { host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${server.url}/metrics/prometheus`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('harvest_pipeline_stage_runs_total{stage="fetch",outcome="success"} 1');
      expect((await fetch(`${server.url}/anything-else`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('a source that stays rate limited', () => {
  it('is counted as a rate-limited error, fails the fetch stage and shows in the run-log gauges', async () => {
    // Every window exhausted until an hour from now: longer than maxWaitSeconds, so the source gives up.
    const reset = String(Math.floor(Date.parse('2026-11-20T19:30:00.000Z') / 1000));
    const x = await startXFake({ bearerToken: TOKEN, scripts: [jsonResponse(RECORDED_429, 429, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset })] });
    const config = configSchema.parse({
      store: { path: join(tempDir('harvest-metrics-rl-'), 'app.db') },
      now: '2026-11-20T18:30:00.000Z',
      sources: { x: { bearerToken: TOKEN, baseUrl: x.url, queries: [{ name: 'brand', query: 'brindlepost' }], maxWaitSeconds: 60 } },
    });
    const app = composeApp(config, { log: silentLogger() });
    try {
      await app.store.migrate();
      const run = await runPipeline(app.pipelineDeps(), { trigger: 'test' });
      expect(run.status).toBe('failed');
      const m = parseExposition(await app.metrics.render());
      expect(m.find('harvest_source_rate_limited_total', { source: 'x' })).toBe(1);
      expect(m.find('harvest_source_errors_total', { source: 'x', kind: 'rate_limit' })).toBe(1);
      expect(m.find('harvest_pipeline_stage_runs_total', { stage: 'fetch', outcome: 'failure' })).toBe(1);
      expect(m.find('harvest_source_last_run_error', { source: 'x', kind: 'rate_limit' })).toBe(1);
      expect(m.find('harvest_source_last_success_timestamp_seconds', { source: 'x' })).toBeUndefined();
      expect(m.find('harvest_pipeline_last_run_timestamp_seconds', { status: 'failed' })).toBe(Date.parse('2026-11-20T18:30:00.000Z') / 1000);
    } finally {
      await app.close();
      await x.close();
    }
  });
});

describe('one registry per app', () => {
  it('two instances in one process keep separate counts', async () => {
    const a = createPromMetrics({ version: 't', defaultMetrics: false });
    const b = createPromMetrics({ version: 't', defaultMetrics: false });
    a.sourceFetched('demo', 5);
    expect(await a.render()).toContain('harvest_source_fetched_items_total{source="demo"} 5');
    expect(await b.render()).not.toContain('harvest_source_fetched_items_total{source="demo"}');
  });

  it('maps run-log errors to the bounded error kinds', () => {
    expect(errorKindOfText('UPSTREAM_RATE_LIMITED: X recent search is rate limited for 3600 s')).toBe('rate_limit');
    expect(errorKindOfText('UPSTREAM_REJECTED: X rejected the bearer token (401 Unauthorized)')).toBe('auth');
    expect(errorKindOfText('UPSTREAM_REJECTED: X rejected query "brand" (400 Bad Request)')).toBe('http');
    expect(errorKindOfText('UPSTREAM_UNAVAILABLE: X recent search unavailable after 4 attempt(s): 503 Service Unavailable')).toBe('http');
    expect(errorKindOfText('UPSTREAM_UNAVAILABLE: X recent search unavailable after 4 attempt(s): fetch failed')).toBe('network');
    expect(errorKindOfText('TIMEOUT: no answer in 15000 ms')).toBe('timeout');
    expect(errorKindOfText('UPSTREAM_BAD_RESPONSE: bad body')).toBe('parse');
    expect(errorKindOfText('something else')).toBe('other');
  });

  it('labels SQL by statement kind only', () => {
    expect(sqlOperation('select * from items where id = ?')).toBe('select');
    expect(sqlOperation('  INSERT into "items" values ($1)')).toBe('insert');
    expect(sqlOperation('with x as (select 1) update items set a = 1')).toBe('update');
    expect(sqlOperation('pragma journal_mode = WAL')).toBe('other');
  });
});
