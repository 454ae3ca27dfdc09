import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewItem } from '../../src/domain/item.js';
import { mapXSearchResponse, newestTweetId, parseXSearchBody, tweetCreatedAt, type XSearchResponse } from '../../src/sources/x/map.js';
import { xConfigSchema } from '../../src/sources/x/x.config.js';
import { buildXQuery, decodeXCursor, encodeXCursor, rateLimitWaitMs } from '../../src/sources/x/x.source.js';
import { readXSample } from '../fakes/x-fake.js';

const FETCHED_AT = '2024-01-16T12:00:00.000Z';
const ctx = { queryName: 'acme', fetchedAt: FETCHED_AT };
const sha = (text: string): string => createHash('sha256').update(`\n${text}`).digest('hex');

/** Parses a recorded body through the same path the adapter uses (string → zod). */
const parse = (body: unknown): XSearchResponse => {
  const result = parseXSearchBody(JSON.stringify(body));
  if (!result.ok) throw new Error(result.problem);
  return result.value;
};
const cassetteBody = (file: string): unknown => readXSample<{ interactions: { body: unknown }[] }>(file).interactions[0]?.body;
const docs = readXSample<Record<string, unknown>>('own_x_search_recent_examples.json');
const errorDocs = readXSample<Record<string, unknown>>('own_x_error_examples.json');

describe('mapXSearchResponse on recorded responses', () => {
  const cases: { name: string; body: unknown; count: number; first: Partial<NewItem> & { externalId: string } }[] = [
    {
      name: 'tweepy cassette (default fields: no created_at, no metrics)',
      body: cassetteBody('tweepy-cassette_test_client_search_recent_tweets.json'),
      count: 10,
      first: {
        externalId: '1578516068309794817',
        url: 'https://x.com/i/status/1578516068309794817',
        author: { id: null, handle: null, name: null, followers: null },
        text: '2022-10-07 22:42:12.637103 tweepy',
        lang: null,
        // no created_at requested: the time inside the snowflake id (the text says 22:42:12.637)
        createdAt: '2022-10-07T22:42:12.752Z',
        metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0 },
      },
    },
    {
      name: 'tweepy async cassette',
      body: cassetteBody('tweepy-cassette_test_asyncclient_search_recent_tweets.json'),
      count: 10,
      first: { externalId: '1578522194770296832', createdAt: '2022-10-07T23:06:33.414Z' },
    },
    {
      name: 'sns-sdks search with includes.users',
      body: readXSample('sns-sdks_search_tweets_query.json'),
      count: 4,
      first: {
        externalId: '1276035977375477760',
        url: 'https://x.com/happycamper/status/1276035977375477760',
        author: { id: '63046977', handle: 'happycamper', name: 'Emily Waligoske 🏕', followers: null },
        lang: 'en',
        createdAt: '2020-06-25T06:14:19.000Z',
      },
    },
    {
      name: 'sns-sdks search without includes',
      body: readXSample('sns-sdks_search_tweets_for_nyc.json'),
      count: 10,
      first: {
        externalId: '1275840892285399041',
        url: 'https://x.com/i/status/1275840892285399041',
        author: { id: '1176828691365736451', handle: null, name: null, followers: null },
        createdAt: '2020-06-24T17:19:07.000Z',
      },
    },
    {
      name: 'docs-shaped example with fields and expansions',
      body: docs.with_fields_and_expansions_response,
      count: 1,
      first: {
        externalId: '1800000000000000010',
        url: 'https://x.com/fixture_fan/status/1800000000000000010',
        author: { id: '4400000001', handle: 'fixture_fan', name: null, followers: null },
        metrics: { likes: 27, reposts: 3, replies: 4, quotes: 2, views: 0 },
        createdAt: '2025-03-02T09:15:00.000Z',
      },
    },
    { name: 'docs-shaped example with default fields', body: docs.default_fields_response, count: 2, first: { externalId: '1800000000000000002' } },
    { name: 'docs-shaped partial error (200 with errors[])', body: errorDocs.partial_error_200, count: 1, first: { externalId: '1800000000000000123', text: 'Harvest fixture: the one post that was found' } },
  ];

  it.each(cases)('$name', ({ body, count, first }) => {
    const items = mapXSearchResponse(parse(body), ctx);
    expect(items).toHaveLength(count);
    expect(items[0]).toMatchObject(first);
    for (const item of items) {
      expect(item.source).toBe('x');
      expect(item.title).toBeNull();
      expect(item.queries).toEqual(['acme']);
      expect(item.fetchedAt).toBe(FETCHED_AT);
      expect(item.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(item.contentHash).toBe(sha(item.text));
      expect(item.url).toMatch(new RegExp(`^https://x\\.com/[^/]+/status/${item.externalId}$`));
      expect((item.raw as { id: string }).id).toBe(item.externalId);
    }
  });

  it('joins every author from includes.users and keeps the raw tweet whole', () => {
    const items = mapXSearchResponse(parse(readXSample('sns-sdks_search_tweets_query.json')), ctx);
    expect(items.map((i) => i.author.handle)).toEqual(['happycamper', 'snowman', 'jellybeanjones', 'snowman']);
    expect(items[2]?.lang).toBeNull(); // X's "und"
    expect(items[0]?.raw).toMatchObject({ geo: { place_id: 'f7eb2fa2fea288b1' }, source: 'Twitter for iPhone' });
  });

  it('reads followers from the users public_metrics', () => {
    const users = readXSample<{ data: { id: string }[] }>('sns-sdks_users_resp.json').data;
    const recorded = cassetteBody('tweepy-cassette_test_client_get_tweets.json') as { data: Record<string, unknown>[] };
    const body = { data: recorded.data.map((t) => ({ ...t, author_id: '2244994945' })), includes: { users } };
    const [item] = mapXSearchResponse(parse(body), ctx);
    expect(item?.author).toEqual({ id: '2244994945', handle: 'TwitterDev', name: 'Twitter Dev', followers: 514020 });
    expect(item?.url).toBe('https://x.com/TwitterDev/status/1293593516040269825');
  });

  it('maps public_metrics (impressions as views; repost_count as the newer name of retweet_count)', () => {
    const metrics = { retweet_count: 3, reply_count: 4, like_count: 5, quote_count: 6, bookmark_count: 7, impression_count: 800 };
    const [a, b] = mapXSearchResponse(
      parse({
        data: [
          { id: '1578516068309794817', text: 'a', public_metrics: metrics },
          { id: '1578516068309794816', text: 'b', public_metrics: { repost_count: 9 } },
        ],
      }),
      ctx,
    );
    expect(a?.metrics).toEqual({ likes: 5, reposts: 3, replies: 4, quotes: 6, views: 800 });
    expect(b?.metrics).toEqual({ likes: 0, reposts: 9, replies: 0, quotes: 0, views: 0 });
  });

  it('unescapes the entities X escapes in text', () => {
    const items = mapXSearchResponse(parse(readXSample('sns-sdks_search_tweets_for_nyc.json')), ctx);
    expect(items[2]?.text).toContain('allergies (not a worry in this setting) & kids from MD');
    expect(items[2]?.text).not.toContain('&amp;');
    expect((items[2]?.raw as { text: string }).text).toContain('&amp;');
  });

  it('maps an empty result to no items', () => {
    expect(mapXSearchResponse(parse({ meta: { result_count: 0 } }), ctx)).toEqual([]);
  });
});

describe('parseXSearchBody', () => {
  it.each([
    { name: 'HTML', body: '<html><body>Over capacity</body></html>', problem: /not JSON/ },
    { name: 'empty body', body: '', problem: /not JSON/ },
    { name: 'data not an array', body: '{"data":{"id":"1","text":"x"}}', problem: /data: / },
    { name: 'numeric tweet id', body: '{"data":[{"id":1,"text":"x"}]}', problem: /data\.0\.id/ },
    { name: 'tweet without text', body: '{"data":[{"id":"1"}]}', problem: /data\.0\.text/ },
    { name: 'JSON array', body: '[]', problem: /\(root\)/ },
    { name: 'JSON null', body: 'null', problem: /\(root\)/ },
  ])('names what is wrong: $name', ({ body, problem }) => {
    const result = parseXSearchBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('tolerates odd optional fields instead of failing the page', () => {
    const result = parseXSearchBody('{"data":[{"id":"1578516068309794817","text":"x","lang":null,"public_metrics":"n/a","created_at":42}]}');
    expect(result.ok).toBe(true);
    if (result.ok) expect(mapXSearchResponse(result.value, ctx)[0]?.createdAt).toBe('2022-10-07T22:42:12.752Z');
  });
});

describe('ids and times', () => {
  it('takes meta.newest_id, else the largest id', () => {
    expect(newestTweetId(parse(readXSample('sns-sdks_search_tweets_query.json')))).toBe('1276035977375477760');
    expect(newestTweetId(parse({ data: [{ id: '99', text: 'a' }, { id: '100', text: 'b' }] }))).toBe('100');
    expect(newestTweetId(parse({ meta: { result_count: 0 } }))).toBeUndefined();
  });

  it('falls back to fetchedAt for pre-snowflake ids without created_at', () => {
    expect(tweetCreatedAt({ id: '20' }, FETCHED_AT)).toBe(FETCHED_AT);
    expect(tweetCreatedAt({ id: '20', created_at: '2006-03-21T20:50:14.000Z' }, FETCHED_AT)).toBe('2006-03-21T20:50:14.000Z');
  });
});

describe('cursor, query and rate-limit helpers', () => {
  it('round-trips cursors and reads a bare id as since_id', () => {
    const c = { sinceId: '1', pending: { newestId: '9', nextToken: 'tok' } };
    expect(decodeXCursor(encodeXCursor(c))).toEqual(c);
    expect(encodeXCursor({ sinceId: '5' })).toBe('{"sinceId":"5"}');
    expect(decodeXCursor('1578516068309794817')).toEqual({ sinceId: '1578516068309794817' });
    expect(decodeXCursor(undefined)).toEqual({});
    expect(decodeXCursor('{"sinceId":"abc"}')).toBeUndefined();
    expect(decodeXCursor('not json')).toBeUndefined();
  });

  it.each([
    { query: 'Tweepy', lang: undefined, sent: 'Tweepy' },
    { query: 'Tweepy', lang: 'en', sent: '(Tweepy) lang:en' },
    { query: 'acme OR "acme cloud" -is:retweet', lang: 'de', sent: '(acme OR "acme cloud" -is:retweet) lang:de' },
    { query: 'acme lang:fr', lang: 'en', sent: 'acme lang:fr' },
    { query: '(acme -lang:en)', lang: 'en', sent: '(acme -lang:en)' },
    { query: 'golang:tips', lang: 'en', sent: '(golang:tips) lang:en' },
  ])('sends $query with lang $lang as $sent', ({ query, lang, sent }) => {
    expect(buildXQuery({ query, lang })).toBe(sent);
  });

  it('waits for the exhausted window: Retry-After first, then x-rate-limit-reset + 1 s, then the 24-hour app cap', () => {
    const now = new Date(1_705_420_000_000);
    expect(rateLimitWaitMs({ 'retry-after': '30', 'x-rate-limit-reset': '1705420800' }, now)).toBe(30_000);
    expect(rateLimitWaitMs({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1705420800' }, now)).toBe(801_000);
    expect(rateLimitWaitMs({ 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': '1705420800' }, now)).toBe(801_000);
    const daily = { 'x-rate-limit-remaining': '400', 'x-rate-limit-reset': '1705420800', 'x-app-limit-24hour-remaining': '0', 'x-app-limit-24hour-reset': '1705500000' };
    expect(rateLimitWaitMs(daily, now)).toBe(80_001_000);
    expect(rateLimitWaitMs({ 'x-rate-limit-reset': '1705419000' }, now)).toBe(1_000);
    expect(rateLimitWaitMs({}, now)).toBeUndefined();
  });
});

describe('xConfigSchema', () => {
  it('applies defaults', () => {
    const cfg = xConfigSchema.parse({ bearerToken: ' t ', queries: [{ name: 'acme', query: 'acme' }] });
    expect(cfg).toMatchObject({ enabled: true, baseUrl: 'https://api.twitter.com', bearerToken: 't', maxResults: 100, maxPages: 5, maxRetries: 3, maxWaitSeconds: 900, timeoutMs: 15_000 });
  });

  it('rejects duplicate query names with a clear message', () => {
    const result = xConfigSchema.safeParse({ queries: [{ name: 'acme', query: 'a' }, { name: 'acme', query: 'b' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['queries', 1, 'name'], message: expect.stringContaining('duplicate query name "acme"') });
  });

  it.each([
    { name: 'maxResults below 10', input: { maxResults: 5 } },
    { name: 'maxResults above 100', input: { maxResults: 500 } },
    { name: 'a query name that is not a slug', input: { queries: [{ name: 'Acme Cloud', query: 'a' }] } },
    { name: 'an empty query', input: { queries: [{ name: 'a', query: ' ' }] } },
    { name: 'a typo', input: { maxPage: 3 } },
    { name: 'a non-http base URL', input: { baseUrl: 'ftp://api.twitter.com' } },
  ])('rejects $name', ({ input }) => {
    expect(xConfigSchema.safeParse(input).success).toBe(false);
  });
});
