import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { fixedClock, type Sleep } from '../../src/platform/clock.js';
import type { FetchBatch, Source } from '../../src/sources/source.port.js';
import { xConfigSchema, type XConfigInput } from '../../src/sources/x/x.config.js';
import { createXSource, X_TWEET_FIELDS, X_USER_FIELDS } from '../../src/sources/x/x.source.js';
import { startFakeServer } from '../fakes/loopback-server.js';
import {
  cassetteResponse,
  jsonResponse,
  paginate,
  readXSample,
  startXFake,
  type XFake,
  type XFakeCorpus,
  type XFakeResponse,
  type XFakeTweet,
} from '../fakes/x-fake.js';
import { loopbackHttp } from '../helpers/http.js';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAtest%2Bbearer%3Dsecret';
const NOW = new Date('2022-10-07T23:10:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const CLIENT = 'tweepy-cassette_test_client_search_recent_tweets.json';
const ASYNC = 'tweepy-cassette_test_asyncclient_search_recent_tweets.json';

let fake: XFake | undefined;
let logLines: string[] = [];
afterEach(async () => {
  const problems = fake?.problems.filter((p) => !p.includes('Authorization')) ?? [];
  const logs = logLines.join('\n');
  await fake?.close();
  fake = undefined;
  logLines = [];
  // every request hit the search endpoint and found a scripted answer (wrong tokens are asserted where intended)
  expect(problems).toEqual([]);
  // whatever happened in the test, the token never reached a log line
  expect(logs).not.toContain(TOKEN);
});

const start = async (opts: Partial<Parameters<typeof startXFake>[0]> = {}): Promise<XFake> => {
  fake = await startXFake({ bearerToken: TOKEN, ...opts });
  return fake;
};

interface Harness {
  source: Source;
  sleeps: number[];
  cursors: Map<string, string>;
  /** Runs fetch to the end, committing each batch's cursor; returns the batches and the error thrown. */
  run(opts?: { stopAfter?: number }): Promise<{ batches: FetchBatch[]; error: AppError | undefined }>;
}

const harness = (overrides: Partial<XConfigInput> & { baseUrl: string }, cursors = new Map<string, string>()): Harness => {
  const cfg = xConfigSchema.parse({ bearerToken: TOKEN, queries: [{ name: 'tweepy', query: 'Tweepy' }], ...overrides });
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
  };
  const clock = fixedClock(NOW);
  const source = createXSource(cfg, { http: loopbackHttp(), clock, sleep, random: () => 0 });
  const log = createLogger({ level: 'debug', format: 'json', destination: { write: (line: string) => void logLines.push(line) } });
  const run: Harness['run'] = async ({ stopAfter } = {}) => {
    const batches: FetchBatch[] = [];
    try {
      for await (const batch of source.fetch({ getCursor: async (key) => cursors.get(key), clock, log })) {
        batches.push(batch);
        if (batch.cursor) cursors.set(batch.cursor.key, batch.cursor.value);
        if (stopAfter !== undefined && batches.length >= stopAfter) break;
      }
      return { batches, error: undefined };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { batches, error: err };
    }
  };
  return { source, sleeps, cursors, run };
};

const params = (f: XFake, i: number): Record<string, string> => Object.fromEntries(f.requests[i]?.params ?? []);
const ids = (batches: FetchBatch[]): string[] => batches.flatMap((b) => b.items.map((i) => i.externalId));
const cursor = (h: Harness, key = 'tweepy'): unknown => JSON.parse(h.cursors.get(key) ?? 'null');

/** Every tweet recorded in the samples, and the users recorded next to them. */
const recordedCorpus = (): XFakeCorpus => {
  const cassette = (file: string): XFakeTweet[] => (cassetteResponse(file).body as { data: XFakeTweet[] }).data;
  const query = readXSample<{ data: XFakeTweet[]; includes: { users: XFakeCorpus['users'] } }>('sns-sdks_search_tweets_query.json');
  const nyc = readXSample<{ data: XFakeTweet[] }>('sns-sdks_search_tweets_for_nyc.json');
  return { tweets: [...cassette(CLIENT), ...cassette(ASYNC), ...query.data, ...nyc.data], users: query.includes.users };
};

/** A tweet newer than every recorded one, with a real snowflake shape. */
const newTweet = (n: number): XFakeTweet => ({ id: (1578522194770296832n + BigInt(n) * 4194304n).toString(), text: `new tweet ${n}` });

const rateLimited = (reset: number, extra: Record<string, string> = {}): XFakeResponse => {
  const recorded = cassetteResponse(CLIENT);
  const headers = { ...recorded.headers, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset), ...extra };
  return jsonResponse(readXSample<Record<string, unknown>>('own_x_error_examples.json').rate_limit_429_body_as_documented, 429, headers);
};

describe('x source: requests and paging', () => {
  it('sends the bearer token and the SPEC fields, and maps a recorded page', async () => {
    const lastPage = cassetteResponse(CLIENT);
    delete (lastPage.body as { meta: { next_token?: string } }).meta.next_token;
    const f = await start({ scripts: [lastPage] });
    const h = harness({ baseUrl: f.url });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(f.problems).toEqual([]);
    expect(f.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(params(f, 0)).toEqual({
      query: 'Tweepy',
      max_results: '100',
      'tweet.fields': X_TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': X_USER_FIELDS,
    });
    expect(batches).toHaveLength(1);
    expect(batches[0]?.items).toHaveLength(10);
    expect(batches[0]?.items[0]).toMatchObject({ externalId: '1578516068309794817', queries: ['tweepy'], fetchedAt: NOW.toISOString() });
    expect(batches[0]?.cursor).toEqual({ key: 'tweepy', value: '{"sinceId":"1578516068309794817"}' });
  });

  it('follows next_token up to maxPages and commits since_id only with the last page', async () => {
    const f = await start({ scripts: [cassetteResponse(ASYNC), cassetteResponse(CLIENT)] });
    const h = harness({ baseUrl: f.url, maxPages: 2 });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(f.requests).toHaveLength(2);
    expect(params(f, 0).next_token).toBeUndefined();
    expect(params(f, 1).next_token).toBe('b26v89c19zqg8o3fpzbn1e0frlukytxrp1o8pel01jb7h');
    expect(batches.map((b) => JSON.parse(b.cursor?.value ?? ''))).toEqual([
      { pending: { newestId: '1578522194770296832', nextToken: 'b26v89c19zqg8o3fpzbn1e0frlukytxrp1o8pel01jb7h' } },
      { sinceId: '1578522194770296832' },
    ]);
    expect(ids(batches)).toHaveLength(20);
    expect(logLines.join('\n')).toContain('more new results than maxPages');
  });

  it('pages through generated pages of the recorded tweets until next_token runs out', async () => {
    const corpus = recordedCorpus();
    const f = await start({ scripts: paginate(corpus, 10) });
    const h = harness({ baseUrl: f.url, maxResults: 10, maxPages: 10 });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(f.requests).toHaveLength(4);
    expect(f.requests.slice(1).map((r) => r.params.get('next_token'))).toEqual(['page-2', 'page-3', 'page-4']);
    expect(new Set(ids(batches))).toEqual(new Set(corpus.tweets.map((t) => t.id)));
    expect(cursor(h)).toEqual({ sinceId: '1578522194770296832' });
    const happy = batches.flatMap((b) => b.items).find((i) => i.externalId === '1276035977375477760');
    expect(happy?.author.handle).toBe('happycamper');
  });

  it('wraps the query with lang unless it already has a lang: operator', async () => {
    const f = await start({ corpus: { tweets: [] } });
    const h = harness({
      baseUrl: f.url,
      queries: [
        { name: 'wrapped', query: 'Tweepy OR tweepy-bot', lang: 'en' },
        { name: 'kept', query: 'Tweepy lang:de', lang: 'en' },
      ],
    });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(batches).toEqual([]);
    expect(f.requests.map((r) => r.params.get('query'))).toEqual(['(Tweepy OR tweepy-bot) lang:en', 'Tweepy lang:de']);
  });
});

describe('x source: since_id and resuming', () => {
  it('sends since_id = the newest id of the previous run and reads only what is new', async () => {
    const corpus = recordedCorpus();
    const f = await start({ corpus });
    const h = harness({ baseUrl: f.url, maxResults: 10 });
    const first = await h.run();
    expect(ids(first.batches)).toHaveLength(corpus.tweets.length);
    expect(cursor(h)).toEqual({ sinceId: '1578522194770296832' });

    const empty = await h.run();
    expect(params(f, f.requests.length - 1).since_id).toBe('1578522194770296832');
    expect(empty.batches).toEqual([]); // nothing new: no batch, cursor unchanged
    expect(cursor(h)).toEqual({ sinceId: '1578522194770296832' });

    corpus.tweets.push(newTweet(1), newTweet(2));
    const second = await h.run();
    expect(params(f, f.requests.length - 1).since_id).toBe('1578522194770296832');
    expect(ids(second.batches)).toEqual([newTweet(2).id, newTweet(1).id]);
    expect(cursor(h)).toEqual({ sinceId: newTweet(2).id });
  });

  it('resumes after an interruption between pages without losing or re-reading tweets', async () => {
    const corpus = recordedCorpus();
    const f = await start({ corpus });
    const h = harness({ baseUrl: f.url, maxResults: 10, maxPages: 10 });
    await h.run(); // establishes since_id
    const oldSince = '1578522194770296832';
    for (let n = 1; n <= 25; n++) corpus.tweets.push(newTweet(n));

    const interrupted = await h.run({ stopAfter: 1 }); // the process dies after storing page 1
    expect(ids(interrupted.batches)).toHaveLength(10);
    expect(cursor(h)).toEqual({ sinceId: oldSince, pending: { newestId: newTweet(25).id, nextToken: `below-${newTweet(16).id}` } });

    for (let n = 26; n <= 28; n++) corpus.tweets.push(newTweet(n)); // newer tweets arrive meanwhile
    const before = f.requests.length;
    const resumed = await h.run();
    expect(params(f, before)).toMatchObject({ since_id: oldSince, next_token: `below-${newTweet(16).id}` });
    expect(ids(resumed.batches)).toHaveLength(15);
    expect(cursor(h)).toEqual({ sinceId: newTweet(25).id });

    const next = await h.run();
    expect(params(f, f.requests.length - 1).since_id).toBe(newTweet(25).id);
    expect(ids(next.batches)).toEqual([newTweet(28).id, newTweet(27).id, newTweet(26).id]);
    const all = [...interrupted.batches, ...resumed.batches, ...next.batches].flatMap((b) => b.items.map((i) => i.externalId));
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(28);
  });

  it('drops a saved next_token that X rejects and restarts from since_id', async () => {
    const corpus = recordedCorpus();
    const f = await start({ corpus });
    const oldSince = '1578520598170386433';
    const cursors = new Map([['tweepy', JSON.stringify({ sinceId: oldSince, pending: { newestId: '1578522194770296832', nextToken: 'expired' } })]]);
    const h = harness({ baseUrl: f.url }, cursors);
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(params(f, 0)).toMatchObject({ since_id: oldSince, next_token: 'expired' });
    expect(params(f, 1).since_id).toBe(oldSince);
    expect(params(f, 1).next_token).toBeUndefined();
    expect(ids(batches)).toEqual(['1578522194770296832', '1578522108187283456', '1578521604837212160', '1578521101444841473']);
    expect(cursor(h)).toEqual({ sinceId: '1578522194770296832' });
    expect(logLines.join('\n')).toContain('rejected the saved next_token');
  });

  it('searches without since_id when X says it is older than the search window', async () => {
    const tooOld = jsonResponse(
      {
        errors: [{ parameters: { since_id: ['1275840875466305542'] }, message: "Invalid 'since_id':'1275840875466305542'. 'since_id' must be a tweet id created after 2022-09-30T23:10:00Z." }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      },
      400,
    );
    const f = await start({ scripts: [tooOld, cassetteResponse(CLIENT), jsonResponse({ meta: { result_count: 0 } })] });
    const h = harness({ baseUrl: f.url }, new Map([['tweepy', '{"sinceId":"1275840875466305542"}']]));
    const { error } = await h.run();
    expect(error).toBeUndefined();
    expect(params(f, 1).since_id).toBeUndefined();
    expect(cursor(h)).toEqual({ sinceId: '1578516068309794817' });
  });
});

describe('x source: rate limits', () => {
  it('waits until x-rate-limit-reset + 1 s on the injected clock, then succeeds', async () => {
    const f = await start({ scripts: [rateLimited(NOW_S + 120), cassetteResponse(CLIENT), jsonResponse({ meta: { result_count: 0 } })] });
    const h = harness({ baseUrl: f.url });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(h.sleeps).toEqual([121_000]);
    expect(ids(batches)).toHaveLength(10);
  });

  it('prefers Retry-After when X sends it', async () => {
    const f = await start({ scripts: [rateLimited(NOW_S + 600, { 'retry-after': '7' }), jsonResponse({ meta: { result_count: 0 } })] });
    const h = harness({ baseUrl: f.url });
    expect((await h.run()).error).toBeUndefined();
    expect(h.sleeps).toEqual([7_000]);
  });

  it('gives up with UPSTREAM_RATE_LIMITED when the wait exceeds maxWaitSeconds, and stops the other queries', async () => {
    const f = await start({ scripts: [rateLimited(NOW_S + 2000)] });
    const h = harness({ baseUrl: f.url, maxWaitSeconds: 900, queries: [{ name: 'a', query: 'a' }, { name: 'b', query: 'b' }] });
    const { error } = await h.run();
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryable: true, retryAfterSeconds: 2001 });
    expect(h.sleeps).toEqual([]);
    expect(f.requests).toHaveLength(1);
  });
});

describe('x source: failures', () => {
  it('retries 5xx with exponential backoff, then succeeds', async () => {
    const f = await start({ scripts: [jsonResponse({ title: 'Service Unavailable' }, 503), jsonResponse('upstream connect error', 500), cassetteResponse(CLIENT), jsonResponse({ meta: { result_count: 0 } })] });
    const h = harness({ baseUrl: f.url });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(h.sleeps).toEqual([1000, 2000]);
    expect(ids(batches)).toHaveLength(10);
  });

  it('throws UPSTREAM_UNAVAILABLE after maxRetries of 5xx', async () => {
    const f = await start({ scripts: Array.from({ length: 4 }, () => jsonResponse({ title: 'Internal Error' }, 500)) });
    const h = harness({ baseUrl: f.url, maxRetries: 3 });
    const { batches, error } = await h.run();
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(error?.message).toContain('500 Internal Server Error');
    expect(h.sleeps).toEqual([1000, 2000, 4000]);
    expect(f.requests).toHaveLength(4);
    expect(batches).toEqual([]);
  });

  it('retries network errors the same way', async () => {
    const dead = await startFakeServer(() => undefined);
    await dead.close();
    const h = harness({ baseUrl: dead.url, maxRetries: 2 });
    const { error } = await h.run();
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(h.sleeps).toEqual([1000, 2000]);
  });

  it('keeps what other queries fetched when one query fails, then reports the failure', async () => {
    const f = await start({ scripts: [...Array.from({ length: 2 }, () => jsonResponse({}, 502)), cassetteResponse(CLIENT), jsonResponse({ meta: { result_count: 0 } })] });
    const h = harness({ baseUrl: f.url, maxRetries: 1, queries: [{ name: 'broken', query: 'a' }, { name: 'fine', query: 'b' }] });
    const { batches, error } = await h.run();
    expect(batches.map((b) => b.cursor?.key)).toEqual(['fine', 'fine']); // a page, then the empty last page
    expect(ids(batches)).toHaveLength(10);
    expect(cursor(h, 'fine')).toEqual({ sinceId: '1578516068309794817' });
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(h.cursors.has('broken')).toBe(false);
  });

  it('aggregates several failing queries into one error with a line per query', async () => {
    const f = await start({ scripts: [jsonResponse({}, 502), jsonResponse('nope', 200)] });
    const h = harness({ baseUrl: f.url, maxRetries: 0, queries: [{ name: 'a', query: 'a' }, { name: 'b', query: 'b' }, { name: 'c', query: 'c' }], maxPages: 1 });
    f.useCorpus({ tweets: [] });
    const { error } = await h.run();
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false });
    expect(error?.details).toEqual([expect.stringMatching(/^a: UPSTREAM_UNAVAILABLE /), expect.stringMatching(/^b: UPSTREAM_BAD_RESPONSE /)]);
    expect(error?.message).toContain('2 of 3 queries failed');
  });

  it('401: UPSTREAM_REJECTED naming the token problem, never the token, and no further queries', async () => {
    const f = await start({ bearerToken: 'the-right-token' });
    const h = harness({ baseUrl: f.url, queries: [{ name: 'a', query: 'a' }, { name: 'b', query: 'b' }] });
    const { error } = await h.run();
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false });
    expect(error?.message).toMatch(/^X rejected the bearer token \(401 Unauthorized\)/);
    expect(error?.message).not.toContain(TOKEN);
    expect(f.requests).toHaveLength(1);
    expect(f.problems).toEqual(['request 1 had a wrong Authorization header']);
    expect(h.sleeps).toEqual([]);
  });

  it('403: names the problem from the body and redacts the token if X echoes it', async () => {
    const body = { title: 'Client Forbidden', detail: `App attached to token ${TOKEN} is not attached to a Project.`, reason: 'client-not-enrolled', type: 'https://api.twitter.com/2/problems/client-forbidden' };
    const f = await start({ scripts: [jsonResponse(body, 403)] });
    const { error } = await harness({ baseUrl: f.url }).run();
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false });
    expect(error?.message).toContain('403 Forbidden');
    expect(error?.message).toContain('is not attached to a Project');
    expect(error?.message).not.toContain(TOKEN);
  });

  it('400 on the query: UPSTREAM_REJECTED naming the query and X’s reason', async () => {
    const body = { errors: [{ parameters: { query: ['(('] }, message: 'There were errors processing your request: Unbalanced parentheses (at position 1)' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.' };
    const f = await start({ scripts: [jsonResponse(body, 400)] });
    const { error } = await harness({ baseUrl: f.url }).run();
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false });
    expect(error?.message).toContain('X rejected query "tweepy" (400 Bad Request)');
    expect(error?.message).toContain('Unbalanced parentheses');
  });

  it.each([
    { name: 'a body that is not JSON', body: '<html><body>Over capacity</body></html>', problem: 'not JSON' },
    { name: 'JSON of the wrong shape', body: { data: { id: '1', text: 'not a list' } }, problem: 'data: ' },
    { name: 'tweets with numeric ids', body: '{"data":[{"id":1578516068309794817,"text":"x"}]}', problem: 'data.0.id' },
  ])('$name: UPSTREAM_BAD_RESPONSE naming what was wrong', async ({ body, problem }) => {
    const f = await start({ scripts: [jsonResponse(body, 200)] });
    const h = harness({ baseUrl: f.url });
    const { batches, error } = await h.run();
    expect(error).toBeInstanceOf(AppError);
    expect(error?.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error?.message).toContain(problem);
    expect(batches).toEqual([]);
    expect(h.sleeps).toEqual([]);
  });

  it('keeps the data of a page that carries partial errors, and logs them', async () => {
    const partial = readXSample<Record<string, unknown>>('own_x_error_examples.json').partial_error_200;
    const f = await start({ scripts: [jsonResponse(partial)] });
    const h = harness({ baseUrl: f.url });
    const { batches, error } = await h.run();
    expect(error).toBeUndefined();
    expect(ids(batches)).toEqual(['1800000000000000123']);
    expect(cursor(h)).toEqual({ sinceId: '1800000000000000123' });
    expect(logLines.join('\n')).toContain('Could not find tweet with id: [1800000000000000456]');
  });

  it('fails on an unexpected outbound host (loopback-only client), without retrying', async () => {
    const h = harness({ baseUrl: 'https://api.twitter.com' });
    const { error } = await h.run();
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect(error?.message).toContain('unexpected host api.twitter.com');
    expect(h.sleeps).toEqual([]);
  });

  it('is not built without a bearer token', () => {
    const cfg = xConfigSchema.parse({ queries: [{ name: 'a', query: 'a' }] });
    expect(() => createXSource(cfg, { http: loopbackHttp(), clock: fixedClock(NOW), sleep: async () => undefined })).toThrow(/bearer token/);
  });
});
