import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { readSourceHealth } from '../../src/sources/health.js';
import { redditConfigSchema, type RedditConfigInput } from '../../src/sources/reddit/reddit.config.js';
import { createRedditSource } from '../../src/sources/reddit/reddit.source.js';
import { decodeWatermark } from '../../src/sources/shared/watermark.js';
import type { Store } from '../../src/store/store.port.js';
import { flattenHeaders, readSampleJson, type ApiFake, type FakeResponse } from '../fakes/api-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';

const NOW = new Date('2026-04-14T00:00:00.000Z');
const clock = fixedClock(NOW);
const SECRET = 'reddit-secret-Zq8wPz1X';

interface Child {
  kind: string;
  data: { name: string; created_utc: number; [k: string]: unknown };
}
interface Listing {
  kind: 'Listing';
  data: { after: string | null; children: Child[]; [k: string]: unknown };
}

const askreddit = (): Listing => readSampleJson<Listing>('reddit/praw-cassette_r_askreddit_new_limit100_2016.json');
const popular = (): Listing => readSampleJson<Listing>('reddit/praw-cassette_r_popular_hot_limit100_2026.json');
const recordedHeaders = flattenHeaders(readSampleJson<{ headers: Record<string, string[]> }>('reddit/praw-cassette_r_popular_hot_limit100_2026.headers.json').headers);

/** Reddit's listing semantics over recorded posts: newest first, `limit`, `after`. */
const listingRoute = (posts: () => Child[]) => (req: { params: URLSearchParams }): FakeResponse => {
  const sorted = [...posts()].sort((a, b) => b.data.created_utc - a.data.created_utc);
  const limit = Number(req.params.get('limit') ?? 25);
  const after = req.params.get('after');
  const start = after === null ? 0 : sorted.findIndex((c) => c.data.name === after) + 1;
  const page = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  const base = askreddit();
  return { body: { kind: 'Listing', data: { ...base.data, children: page, after: more ? (page.at(-1)?.data.name ?? null) : null } }, headers: recordedHeaders };
};

let fake: ApiFake;
let store: Store;
let h: SourceHarness;
let posts: Child[];
eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));
beforeEach(() => {
  posts = askreddit().data.children;
  fake.route('/r/AskReddit/new', listingRoute(() => posts));
});
afterEach(() => {
  expect(h.logLines.join('\n')).not.toContain(SECRET);
});

const source = (over: Partial<RedditConfigInput> = {}) =>
  createRedditSource(redditConfigSchema.parse({ baseUrl: fake.url, oauthBaseUrl: fake.url, tokenUrl: `${fake.url}/api/v1/access_token`, listings: [{ name: 'askreddit', subreddit: 'AskReddit' }], ...over }), h.deps);

describe('reddit source (recorded listings)', () => {
  it('reads the public JSON with a descriptive User-Agent and raw_json=1, and maps every field we keep', async () => {
    const r = await fetchInto(store, source(), h, clock);
    expect(r.bySource.reddit).toEqual({ inserted: 100, updated: 0 });
    const req = fake.requests[0];
    expect(req?.path).toBe('/r/AskReddit/new.json');
    expect(req?.params.get('raw_json')).toBe('1');
    expect(req?.params.get('limit')).toBe('100');
    expect(req?.headers['user-agent']).toMatch(/^server:signal-harvester:/);
    expect(req?.headers.authorization).toBeUndefined();
    const item = await store.findItem('reddit', 't3_48fbm9');
    expect(item).toMatchObject({
      externalId: 't3_48fbm9',
      url: 'https://www.reddit.com/r/AskReddit/comments/48fbm9/serious_parents_of_reddit_whats_the_biggest_lie/',
      author: { id: null, handle: 'RedHeadQc', name: null, followers: null },
      title: "[Serious] Parents of Reddit, what's the biggest lie about yourself you've told your kids?",
      text: '',
      createdAt: '2016-03-01T08:37:38.000Z',
      metrics: { likes: 1, reposts: 0, replies: 1, quotes: 0, views: 0 },
      queries: ['askreddit'],
    });
    expect(fake.problems).toEqual([]);
  });

  it('maps a 2026 post (float created_utc, author_fullname, crossposts) and a self post body', async () => {
    posts = popular().data.children;
    await fetchInto(store, source(), h, clock);
    const raw = posts[0]?.data as { name: string; title: string; author: string; author_fullname: string; score: number; num_comments: number; num_crossposts: number; created_utc: number; permalink: string };
    expect(await store.findItem('reddit', raw.name)).toMatchObject({
      title: raw.title,
      author: { id: raw.author_fullname, handle: raw.author },
      url: `https://www.reddit.com${raw.permalink}`,
      createdAt: new Date(raw.created_utc * 1000).toISOString(),
      metrics: { likes: raw.score, replies: raw.num_comments, reposts: raw.num_crossposts },
    });
    // older posts under another listing name (under the same one the watermark would skip them)
    posts = readSampleJson<Listing>('reddit/go-reddit-testdata_subreddit_posts.json').data.children;
    await fetchInto(store, source({ listings: [{ name: 'other', subreddit: 'AskReddit' }] }), h, clock);
    expect(await store.findItem('reddit', 't3_agi5zf')).toMatchObject({ title: 'test', text: 'test', createdAt: '2019-01-16T05:57:51.000Z' });
  });

  it('pages with `after`, spaced by minIntervalMs, and stores exactly the recorded posts', async () => {
    const r = await fetchInto(store, source({ limit: 40 }), h, clock);
    expect(r.bySource.reddit).toEqual({ inserted: 100, updated: 0 });
    expect(fake.requests.map((q) => q.params.get('after'))).toEqual([null, expect.stringMatching(/^t3_/), expect.stringMatching(/^t3_/)]);
    expect(h.sleeps).toEqual([600, 600]);
    expect(await store.sourceState.itemCounts()).toEqual({ reddit: 100 });
  });

  it('resumes from the newest post seen: a second run stores only newer posts and stops at the first seen one', async () => {
    await fetchInto(store, source({ limit: 40, maxPages: 5 }), h, clock);
    const newest = Math.max(...posts.map((p) => p.data.created_utc));
    expect(decodeWatermark(await store.getCursor('reddit', 'askreddit'))?.at).toBe(newest * 1000);
    const template = posts[0] as Child;
    posts = [...posts, { ...template, data: { ...template.data, name: 't3_zz0001', id: 'zz0001', created_utc: newest + 10, title: 'brand new' } }];
    fake.requests.length = 0;
    const again = await fetchInto(store, source({ limit: 40, maxPages: 5 }), h, clock);
    expect(again.bySource.reddit).toEqual({ inserted: 1, updated: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(await store.sourceState.itemCounts()).toEqual({ reddit: 101 });
  });

  it('searches with sort=new (within a subreddit: restrict_sr=1) on the recorded search listing', async () => {
    fake.route('/r/WatchPeopleDieInside/search', () => ({ body: { ...readSampleJson<Listing>('reddit/go-reddit-testdata_subreddit_search-posts.json'), data: { ...readSampleJson<Listing>('reddit/go-reddit-testdata_subreddit_search-posts.json').data, after: null } } }));
    await fetchInto(store, source({ listings: [{ name: 'tests', subreddit: 'WatchPeopleDieInside', query: 'test' }] }), h, clock);
    const req = fake.requests[0];
    expect(req?.path).toBe('/r/WatchPeopleDieInside/search.json');
    expect(Object.fromEntries(req?.params ?? [])).toMatchObject({ q: 'test', sort: 'new', restrict_sr: '1', raw_json: '1' });
    expect(await store.findItem('reddit', 't3_hybow9')).toMatchObject({ title: 'Pregnancy test', queries: ['tests'] });
  });

  it('holds the next request until x-ratelimit-reset when x-ratelimit-remaining runs out', async () => {
    fake.enqueue('/r/AskReddit/new', { ...listingRoute(() => posts)({ params: new URLSearchParams({ limit: '40' }) }), headers: { ...recordedHeaders, 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '42' } });
    await fetchInto(store, source({ limit: 40 }), h, clock);
    expect(h.sleeps[0]).toBe(42_000);
  });

  it('uses OAuth app-only with a client id and secret: token once, bearer on oauth paths', async () => {
    fake.enqueue('/api/v1/access_token', { body: { access_token: 'tok-abc', token_type: 'bearer', expires_in: 86400, scope: '*' } });
    await fetchInto(store, source({ clientId: 'app-id', clientSecret: SECRET, limit: 40 }), h, clock);
    const [tokenReq, ...rest] = fake.requests;
    expect(tokenReq?.method).toBe('POST');
    expect(tokenReq?.body).toBe('grant_type=client_credentials');
    expect(tokenReq?.headers.authorization).toBe(`Basic ${Buffer.from(`app-id:${SECRET}`).toString('base64')}`);
    expect(rest.map((q) => [q.path, q.headers.authorization])).toEqual([
      ['/r/AskReddit/new', 'Bearer tok-abc'],
      ['/r/AskReddit/new', 'Bearer tok-abc'],
      ['/r/AskReddit/new', 'Bearer tok-abc'],
    ]);
  });

  it('an access token refused mid-run (401) is renewed once', async () => {
    fake.enqueue('/api/v1/access_token', { body: { access_token: 'tok-old', expires_in: 86400 } }, { body: { access_token: 'tok-new', expires_in: 86400 } });
    fake.enqueue('/r/AskReddit/new', { status: 401, body: { message: 'Unauthorized', error: 401 } });
    const r = await fetchInto(store, source({ clientId: 'app-id', clientSecret: SECRET }), h, clock);
    expect(r.bySource.reddit).toEqual({ inserted: 100, updated: 0 });
    expect(fake.requests.map((q) => `${q.path} ${q.headers.authorization?.startsWith('Bearer') ? q.headers.authorization : ''}`)).toEqual([
      '/api/v1/access_token ',
      '/r/AskReddit/new Bearer tok-old',
      '/api/v1/access_token ',
      '/r/AskReddit/new Bearer tok-new',
    ]);
  });

  it('bad credentials: a clear error in health and logs, never the secret', async () => {
    fake.enqueue('/api/v1/access_token', { status: 401, body: { message: 'Unauthorized', error: 401 } });
    const r = await fetchInto(store, source({ clientId: 'app-id', clientSecret: SECRET }), h, clock);
    expect(r.bySource.reddit?.error).toBe('UPSTREAM_REJECTED: Reddit rejected the client id/secret (401 Unauthorized); check reddit.clientId and reddit.clientSecret');
    const [health] = (await readSourceHealth(store, [{ name: 'reddit' }], NOW)).filter((s) => s.name === 'reddit');
    expect(health).toMatchObject({ state: 'failing', lastError: r.bySource.reddit?.error });
    expect(JSON.stringify(health)).not.toContain(SECRET);
    expect(h.logLines.join('\n')).toContain('Reddit rejected the client id/secret');
  });

  it('a quarantined subreddit (recorded 403) fails that listing only; the next one still runs', async () => {
    const errors = readSampleJson<{ status: { code: number }; body: string }[]>('reddit/praw-cassettes_error_responses.json');
    const forbidden = errors.find((e) => e.status.code === 403);
    fake.enqueue('/r/ferguson/new', { status: 403, body: forbidden?.body, headers: { 'content-type': 'application/json' } });
    const reddit = source({ listings: [{ name: 'ferguson', subreddit: 'ferguson' }, { name: 'askreddit', subreddit: 'AskReddit' }] });
    const r = await fetchInto(store, reddit, h, clock);
    expect(r.bySource.reddit?.error).toMatch(/Reddit refused access to listing "ferguson" \(private, quarantined or banned\?\) \(403 Forbidden\)/);
    expect(await store.sourceState.itemCounts()).toEqual({ reddit: 100 });
    const health = (await readSourceHealth(store, [reddit], NOW)).find((s) => s.name === 'reddit');
    expect(health).toMatchObject({ state: 'degraded', lastSuccessAt: NOW.toISOString(), lastFetchedCount: 100 });
    expect(health?.parts.map((p) => [p.key, p.state, p.lastFetchedCount])).toEqual([
      ['ferguson', 'failing', null],
      ['askreddit', 'ok', 100],
    ]);
  });
});
