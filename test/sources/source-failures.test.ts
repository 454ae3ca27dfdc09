import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceName } from '../../src/domain/item.js';
import { fixedClock } from '../../src/platform/clock.js';
import { arxivConfigSchema } from '../../src/sources/arxiv/arxiv.config.js';
import { createArxivSource } from '../../src/sources/arxiv/arxiv.source.js';
import { githubConfigSchema } from '../../src/sources/github/github.config.js';
import { createGithubSource } from '../../src/sources/github/github.source.js';
import { hackernewsConfigSchema } from '../../src/sources/hackernews/hackernews.config.js';
import { createHackernewsSource } from '../../src/sources/hackernews/hackernews.source.js';
import { readSourceHealth } from '../../src/sources/health.js';
import { redditConfigSchema } from '../../src/sources/reddit/reddit.config.js';
import { createRedditSource } from '../../src/sources/reddit/reddit.source.js';
import { rssConfigSchema } from '../../src/sources/rss/rss.config.js';
import { createRssSource } from '../../src/sources/rss/rss.source.js';
import type { SourceHttpDeps } from '../../src/sources/shared/source-http.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { FEEDS_DIR, flattenHeaders, readSample, readSampleJson, type ApiFake, type FakeResponse } from '../fakes/api-fake.js';
import { HN_SAMPLE } from '../fakes/hackernews-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';

const NOW = new Date('2026-04-13T00:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const clock = fixedClock(NOW);

/** Shared settings: one page, two retries, short timeout, a 120 s cap on rate-limit waits. */
const HTTP = { maxPages: 1, maxRetries: 2, timeoutMs: 300, maxWaitSeconds: 120 };

interface Case {
  name: SourceName;
  /** Path prefix the source requests. */
  path: string;
  make(url: string, deps: SourceHttpDeps): Source;
  /** A recorded successful response and how many items it holds. */
  ok: () => FakeResponse;
  okItems: number;
  /** A recorded or documented rate-limit answer (the wait it asks for is `limitWaitMs`). */
  limited: (resetInSeconds: number) => FakeResponse;
  limitWaitMs: (resetInSeconds: number) => number;
}

const praw2026 = readSampleJson<{ headers: Record<string, string[]> }>('reddit/praw-cassette_r_popular_hot_limit100_2026.headers.json');
const octokitHeaders = flattenHeaders(readSampleJson<{ headers: Record<string, string> }[]>('github/octokit-fixtures_search-issues_normalized.json')[0]?.headers ?? {});
const arxivOk = readSample('arxiv/arxivpy_q_testing_s0_m10_bc5a6c384fe9.body.xml');

const CASES: Case[] = [
  {
    name: 'reddit',
    path: '/r/',
    make: (url, deps) => createRedditSource(redditConfigSchema.parse({ baseUrl: url, listings: [{ name: 'askreddit', subreddit: 'AskReddit' }], ...HTTP }), deps),
    ok: () => ({ body: readSampleJson('reddit/praw-cassette_r_askreddit_new_limit100_2016.json'), headers: { 'content-type': 'application/json; charset=UTF-8' } }),
    okItems: 100,
    limited: (reset) => ({ status: 429, body: { message: 'Too Many Requests', error: 429 }, headers: { ...flattenHeaders(praw2026.headers), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } }),
    limitWaitMs: (reset) => reset * 1000,
  },
  {
    name: 'hackernews',
    path: '/api/v1/search_by_date',
    make: (url, deps) => createHackernewsSource(hackernewsConfigSchema.parse({ baseUrl: url, queries: [{ name: 'q', query: 'self-hosted' }], ...HTTP }), deps),
    ok: () => ({ body: { ...readSampleJson<object>(HN_SAMPLE), nbPages: 1 } }),
    okItems: 20,
    limited: (reset) => ({ status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': String(reset) } }),
    limitWaitMs: (reset) => reset * 1000,
  },
  {
    name: 'github',
    path: '/search/issues',
    make: (url, deps) => createGithubSource(githubConfigSchema.parse({ baseUrl: url, queries: [{ name: 'sesame', kind: 'issues', query: 'sesame' }], ...HTTP }), deps),
    ok: () => ({ body: readSampleJson<{ response: unknown }[]>('github/octokit-fixtures_search-issues_normalized.json')[0]?.response, headers: { ...octokitHeaders, 'x-ratelimit-reset': String(NOW_S + 3600) } }),
    okItems: 2,
    limited: (reset) => ({
      status: 403,
      body: { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' },
      headers: { ...octokitHeaders, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + reset) },
    }),
    limitWaitMs: (reset) => reset * 1000 + 1000,
  },
  {
    name: 'arxiv',
    path: '/api/query',
    make: (url, deps) => createArxivSource(arxivConfigSchema.parse({ baseUrl: url, queries: [{ name: 'testing', query: 'all:testing' }], ...HTTP }), deps),
    ok: () => ({ body: arxivOk, headers: { 'content-type': 'application/atom+xml; charset=utf-8' } }),
    okItems: 10,
    limited: (reset) => ({ status: 429, body: 'Rate exceeded.', headers: { 'retry-after': String(reset) } }),
    limitWaitMs: (reset) => reset * 1000,
  },
  {
    name: 'rss',
    path: '/feed',
    make: (url, deps) => createRssSource(rssConfigSchema.parse({ feeds: [{ name: 'guardian', url: `${url}/feed/guardian.rss` }], maxRetries: HTTP.maxRetries, timeoutMs: HTTP.timeoutMs, maxWaitSeconds: HTTP.maxWaitSeconds }), deps),
    ok: () => ({ body: readFileSync(join(FEEDS_DIR, 'guardian.rss')), headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"g1"' } }),
    okItems: 55,
    limited: (reset) => ({ status: 429, body: 'slow down', headers: { 'retry-after': String(reset) } }),
    limitWaitMs: (reset) => reset * 1000,
  },
];

let fake: ApiFake;
let store: Store;
let h: SourceHarness;
eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));

const health = async (name: SourceName) => (await readSourceHealth(store, [{ name }], NOW)).find((s) => s.name === name);
const count = async (name: SourceName): Promise<number> => (await store.sourceState.itemCounts())[name] ?? 0;

describe.each(CASES)('$name: shared HTTP behaviour against recorded responses', (c) => {
  const run = () => fetchInto(store, c.make(fake.url, h.deps), h, clock);

  it('stores a recorded page and reports success', async () => {
    fake.enqueue(c.path, c.ok());
    const r = await run();
    expect(r.bySource[c.name]?.error).toBeUndefined();
    expect(await count(c.name)).toBe(c.okItems);
    expect(await health(c.name)).toMatchObject({ state: 'ok', lastFetchedCount: c.okItems, itemsTotal: c.okItems, consecutiveFailures: 0 });
    expect(h.metrics.calls).toContain(`sourceFetched(${c.name},${c.okItems})`);
    expect(fake.problems).toEqual([]);
  });

  it('waits out a 429/rate limit with its reset headers, then stores the page', async () => {
    fake.enqueue(c.path, c.limited(30), c.ok());
    const r = await run();
    expect(r.failed).toBe(0);
    expect(h.sleeps).toContain(c.limitWaitMs(30));
    expect(h.metrics.calls).toContain(`sourceRateLimited(${c.name})`);
    expect(await count(c.name)).toBe(c.okItems);
  });

  it('a rate limit longer than maxWaitSeconds fails the run as rate_limited and stores nothing', async () => {
    fake.enqueue(c.path, c.limited(900));
    const r = await run();
    expect(r.failed).toBe(1);
    expect(r.bySource[c.name]?.error).toMatch(/^UPSTREAM_RATE_LIMITED: .*rate limited for \d+ s/);
    expect(await count(c.name)).toBe(0);
    const s = await health(c.name);
    expect(s).toMatchObject({ state: 'rate_limited', consecutiveFailures: 1, lastSuccessAt: null });
    expect(Date.parse(s?.rateLimitedUntil ?? '')).toBeGreaterThan(NOW.getTime() + 800_000);
  });

  it('a 403 is a rejection: no retry, the failure is stored in health', async () => {
    fake.enqueue(c.path, { status: 403, body: { message: 'Forbidden', error: 403 } });
    const r = await run();
    expect(r.failed).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(r.bySource[c.name]?.error).toMatch(/^UPSTREAM_REJECTED: .*403/);
    expect(await health(c.name)).toMatchObject({ state: 'failing', consecutiveFailures: 1 });
    expect(h.metrics.calls.some((x) => x.startsWith(`sourceError(${c.name},`))).toBe(true);
  });

  it('retries 5xx with backoff (1 s, 2 s) and then succeeds', async () => {
    fake.enqueue(c.path, { status: 500, body: { message: 'Internal Server Error', error: 500 } }, { status: 503, body: 'busy' }, c.ok());
    const r = await run();
    expect(r.failed).toBe(0);
    expect(h.sleeps).toEqual(expect.arrayContaining([1000, 2000]));
    expect(await count(c.name)).toBe(c.okItems);
  });

  it('gives up after maxRetries on a persistent 5xx: UPSTREAM_UNAVAILABLE, failures counted across runs', async () => {
    fake.enqueue(c.path, ...Array.from({ length: 6 }, () => ({ status: 500, body: { message: 'Internal Server Error', error: 500 } })));
    const first = await run();
    expect(first.bySource[c.name]?.error).toMatch(/^UPSTREAM_UNAVAILABLE: .*after 3 attempt\(s\): 500 Internal Server Error/);
    await run();
    expect(fake.requests).toHaveLength(6);
    expect(await health(c.name)).toMatchObject({ state: 'failing', consecutiveFailures: 2 });
    fake.enqueue(c.path, c.ok());
    await run();
    expect(await health(c.name)).toMatchObject({ state: 'ok', consecutiveFailures: 0, lastError: expect.stringContaining('UPSTREAM_UNAVAILABLE') });
  });

  it('times out when the server never answers', async () => {
    fake.enqueue(c.path, { hang: true }, { hang: true }, { hang: true });
    const r = await run();
    expect(r.bySource[c.name]?.error).toMatch(/^TIMEOUT: .*timed out after 300 ms/);
    expect(fake.requests).toHaveLength(3);
    expect(await count(c.name)).toBe(0);
    expect(h.metrics.calls).toContain(`sourceError(${c.name},timeout)`);
  });

  it('a malformed body is UPSTREAM_BAD_RESPONSE and stores nothing', async () => {
    fake.enqueue(c.path, { body: '{"truncated": [', headers: { 'content-type': 'application/json' } });
    const r = await run();
    expect(r.bySource[c.name]?.error).toMatch(/^UPSTREAM_BAD_RESPONSE: /);
    expect(await count(c.name)).toBe(0);
    expect(await health(c.name)).toMatchObject({ state: 'failing' });
  });
});
