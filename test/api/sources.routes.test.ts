import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const READ = 'read-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';

const named = (name: Source['name'], parts?: Source['parts']): Source => ({ name, parts, async *fetch() {} });

describe.each(storeTargets())('GET /sources on $name', (target) => {
  let store: Store;
  let app: FastifyInstance;
  beforeEach(async () => {
    store = await target.open(fixedClock(NOW));
    const feeds = [{ key: 'guardian', target: 'https://example.org/guardian?token=[redacted]' }, { key: 'moved', target: 'https://example.org/moved' }, { key: 'fresh' }];
    const sources = [named('hackernews'), named('github'), named('rss', feeds)];
    app = await buildApp({
      store,
      clock: fixedClock(NOW),
      log: silentLogger(),
      api: apiConfigSchema.parse({ keys: [ADMIN], readKeys: [READ] }),
      version: 'test',
      pipelineDeps: () => ({ sources }) as unknown as PipelineDeps,
    });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('answers the contract shape for every source, from the stored health (read key)', async () => {
    await store.saveFetchBatch('hackernews', [newItem(1, { source: 'hackernews' }), newItem(2, { source: 'hackernews' })]);
    await store.sourceState.recordSuccess('hackernews', '2026-11-20T11:00:00.000Z', 2);
    await store.sourceState.recordFailure('github', '2026-11-20T11:30:00.000Z', 'UPSTREAM_REJECTED: GitHub rejected the token (401 Unauthorized); check github.token', null);
    await store.sourceState.recordFailure('github', '2026-11-20T11:40:00.000Z', 'UPSTREAM_REJECTED: GitHub rejected the token (401 Unauthorized); check github.token', null);
    await store.sourceState.recordSuccess('rss', '2026-11-20T10:00:00.000Z', 0);
    await store.sourceState.recordFailure('rss', '2026-11-20T11:50:00.000Z', 'UPSTREAM_RATE_LIMITED: feed is rate limited for 900 s', '2026-11-20T12:05:00.000Z');

    expect((await app.inject({ method: 'GET', url: '/sources' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/sources', headers: { 'x-api-key': READ } });
    expect(res.statusCode).toBe(200);
    const { sources } = res.json<{ sources: Record<string, unknown>[] }>();
    expect(sources.map((s) => s.name)).toEqual(['x', 'reddit', 'hackernews', 'github', 'arxiv', 'rss', 'demo']);
    const by = (n: string) => sources.find((s) => s.name === n);
    expect(by('hackernews')).toEqual({ name: 'hackernews', enabled: true, state: 'ok', lastSuccessAt: '2026-11-20T11:00:00.000Z', lastErrorAt: null, lastError: null, consecutiveFailures: 0, rateLimitedUntil: null, lastFetchedCount: 2, itemsTotal: 2, parts: [] });
    expect(by('github')).toMatchObject({ enabled: true, state: 'failing', consecutiveFailures: 2, lastErrorAt: '2026-11-20T11:40:00.000Z', lastSuccessAt: null, lastFetchedCount: null });
    expect(by('rss')).toMatchObject({ state: 'rate_limited', rateLimitedUntil: '2026-11-20T12:05:00.000Z', lastSuccessAt: '2026-11-20T10:00:00.000Z', lastFetchedCount: 0, consecutiveFailures: 1 });
    expect(by('x')).toMatchObject({ enabled: false, state: 'disabled', itemsTotal: 0 });
  });

  it('a success resets the failure count and the rate limit', async () => {
    await store.sourceState.recordFailure('rss', '2026-11-20T11:50:00.000Z', 'x', '2026-11-20T12:05:00.000Z');
    await store.sourceState.recordSuccess('rss', '2026-11-20T11:55:00.000Z', 7);
    const res = await app.inject({ method: 'GET', url: '/sources', headers: { 'x-api-key': ADMIN } });
    expect(res.json<{ sources: Record<string, unknown>[] }>().sources.find((s) => s.name === 'rss')).toMatchObject({ state: 'ok', consecutiveFailures: 0, rateLimitedUntil: null, lastFetchedCount: 7, lastError: 'x' });
  });

  it('shows each configured feed with its health; some failing makes the source degraded (only configured parts count)', async () => {
    await store.sourceState.recordParts('rss', '2026-11-20T11:00:00.000Z', [
      { key: 'guardian', fetchedCount: 55, error: null },
      { key: 'moved', fetchedCount: 0, error: 'UPSTREAM_BAD_RESPONSE: feed "moved" (https://example.org/moved) could not be read: it is an HTML page, not a feed' },
      { key: 'dropped', fetchedCount: 0, error: 'UPSTREAM_UNAVAILABLE: gone' },
    ]);
    await store.sourceState.recordPartial('rss', '2026-11-20T11:00:00.000Z', 55, 'UPSTREAM_BAD_RESPONSE: feed "moved" … not a feed');
    const res = await app.inject({ method: 'GET', url: '/sources', headers: { 'x-api-key': READ } });
    expect(res.statusCode).toBe(200);
    const rss = res.json<{ sources: Record<string, unknown>[] }>().sources.find((s) => s.name === 'rss');
    expect(rss).toMatchObject({ state: 'degraded', lastSuccessAt: '2026-11-20T11:00:00.000Z', consecutiveFailures: 0, lastFetchedCount: 55 });
    expect(rss?.parts).toEqual([
      { key: 'guardian', target: 'https://example.org/guardian?token=[redacted]', state: 'ok', lastSuccessAt: '2026-11-20T11:00:00.000Z', lastErrorAt: null, lastError: null, consecutiveFailures: 0, lastFetchedCount: 55 },
      { key: 'moved', target: 'https://example.org/moved', state: 'failing', lastSuccessAt: null, lastErrorAt: '2026-11-20T11:00:00.000Z', lastError: expect.stringContaining('HTML page'), consecutiveFailures: 1, lastFetchedCount: null },
      { key: 'fresh', target: null, state: 'never_run', lastSuccessAt: null, lastErrorAt: null, lastError: null, consecutiveFailures: 0, lastFetchedCount: null },
    ]);
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ components?: unknown; paths: Record<string, unknown> }>();
    expect(JSON.stringify(spec)).toContain('degraded');
  });
});
