import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { githubConfigSchema, type GithubConfigInput } from '../../src/sources/github/github.config.js';
import { createGithubSource } from '../../src/sources/github/github.source.js';
import { nextLink } from '../../src/sources/github/map.js';
import { readSourceHealth } from '../../src/sources/health.js';
import { decodeWatermark } from '../../src/sources/shared/watermark.js';
import type { Store } from '../../src/store/store.port.js';
import { flattenHeaders, readSampleJson, type ApiFake, type FakeResponse } from '../fakes/api-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';

const NOW = new Date('2017-10-11T00:00:00.000Z');
const clock = fixedClock(NOW);
const TOKEN = 'ghp_testTOKEN0123456789abcdefABCDEF0123';

interface Recorded {
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string>;
}
const recorded = (file: string): Recorded[] => readSampleJson<Recorded[]>(`github/${file}`);
/** A recorded interaction replayed as is (its `link` header still names api.github.com). */
const replay = (r: Recorded | undefined): FakeResponse => ({ status: r?.status ?? 599, body: r?.response, headers: flattenHeaders(r?.headers ?? {}) });

let fake: ApiFake;
let store: Store;
let h: SourceHarness;
eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));
afterEach(() => {
  expect(h.logLines.join('\n')).not.toContain(TOKEN);
});

const source = (over: Partial<GithubConfigInput> = {}) => createGithubSource(githubConfigSchema.parse({ baseUrl: fake.url, ...over }), h.deps);

describe('github source (recorded search and pagination responses)', () => {
  it('maps a repository search result: stars → likes, forks → reposts; pushed_at is the watermark', async () => {
    fake.enqueue('/search/repositories', { body: readSampleJson('github/openapi-example_repo-search-result-item-paginated.json') });
    await fetchInto(store, source({ queries: [{ name: 'tetris', kind: 'repositories', query: 'tetris language:assembly' }] }), h, clock);
    const req = fake.requests[0];
    expect(Object.fromEntries(req?.params ?? [])).toEqual({ q: 'tetris language:assembly', sort: 'updated', order: 'desc', per_page: '50' });
    expect(req?.headers.authorization).toBeUndefined();
    expect(await store.findItem('github', 'repo:3081286')).toMatchObject({
      url: 'https://github.com/dtrupenn/Tetris',
      title: 'dtrupenn/Tetris',
      text: 'A C implementation of Tetris using Pennsim through LC4',
      author: { id: '872147', handle: 'dtrupenn' },
      createdAt: '2012-01-01T00:31:50.000Z',
      metrics: { likes: 1, reposts: 0, replies: 0, quotes: 0, views: 0 },
      queries: ['tetris'],
    });
    expect(decodeWatermark(await store.getCursor('github', 'tetris'))).toEqual({ at: Date.parse('2012-01-01T00:37:02Z'), ids: ['3081286'] });
    // the next run narrows the search to repositories pushed since
    fake.enqueue('/search/repositories', { body: { total_count: 0, incomplete_results: false, items: [] } });
    await fetchInto(store, source({ queries: [{ name: 'tetris', kind: 'repositories', query: 'tetris language:assembly' }] }), h, clock);
    expect(fake.requests[1]?.params.get('q')).toBe('tetris language:assembly pushed:>=2012-01-01T00:37:02Z');
  });

  it('maps issue search results (OpenAPI example and the recorded octokit search): comments → replies', async () => {
    fake.enqueue('/search/issues', { body: readSampleJson('github/openapi-example_issue-search-result-item-paginated.json') });
    fake.enqueue('/search/issues', replay(recorded('octokit-fixtures_search-issues_normalized.json')[0]));
    await fetchInto(store, source({ token: TOKEN, queries: [{ name: 'pinyin', kind: 'issues', query: 'pinyin' }, { name: 'sesame', kind: 'issues', query: 'sesame repo:octokit-fixture-org/search-issues' }] }), h, clock);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.requests[0]?.params.get('sort')).toBe('created');
    expect(await store.findItem('github', 'issue:35802')).toMatchObject({
      url: 'https://github.com/batterseapower/pinyin-toolkit/issues/132',
      title: 'Line Number Indexes Beyond 20 Not Displayed',
      author: { id: '90254', handle: 'Nick3C' },
      createdAt: '2009-07-12T20:10:41.000Z',
      metrics: { likes: 0, replies: 15 },
    });
    expect(await store.findItem('github', 'issue:1000')).toMatchObject({ title: 'Sesame seeds split without a pop!', text: 'I’ve waited all year long, but there was no pop 😭', metrics: { replies: 42 } });
    expect(await store.sourceState.itemCounts()).toEqual({ github: 3 });
  });

  it('follows the recorded link headers (re-based on baseUrl, token kept on our host) through 5 pages', async () => {
    const pages = recorded('octokit-fixtures_paginate-issues_normalized.json');
    fake.enqueue('/search/issues', replay(pages[0]));
    fake.route('/repositories/1000/issues', (req) => replay(pages[Number(req.params.get('page')) - 1]));
    const r = await fetchInto(store, source({ token: TOKEN, maxPages: 10, queries: [{ name: 'paginate', kind: 'issues', query: 'repo:octokit-fixture-org/paginate-issues' }] }), h, clock);
    expect(r.bySource.github).toEqual({ inserted: 13, updated: 0 });
    expect(fake.requests.map((q) => `${q.path}?${q.params.get('page') ?? ''}`)).toEqual(['/search/issues?', '/repositories/1000/issues?2', '/repositories/1000/issues?3', '/repositories/1000/issues?4', '/repositories/1000/issues?5']);
    expect(fake.requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // 13 issues created in the same second: the watermark keeps all their ids
    const mark = decodeWatermark(await store.getCursor('github', 'paginate'));
    expect(mark?.ids).toHaveLength(13);
    // the second run sees the same issues again (created:>= that second) and stores nothing new
    fake.enqueue('/search/issues', replay(pages[0]));
    const again = await fetchInto(store, source({ token: TOKEN, queries: [{ name: 'paginate', kind: 'issues', query: 'repo:octokit-fixture-org/paginate-issues' }] }), h, clock);
    expect(again.bySource.github).toEqual({ inserted: 0, updated: 0 });
    expect(fake.requests.at(-1)?.params.get('q')).toBe('repo:octokit-fixture-org/paginate-issues created:>=2017-10-10T16:00:00Z');
    expect(await store.sourceState.itemCounts()).toEqual({ github: 13 });
  });

  it('new releases of a watched repository, newest first, stopping at the first one seen', async () => {
    const release = (id: number, tag: string, at: string) => ({ id, tag_name: tag, name: `v${tag}`, body: `notes ${tag}`, html_url: `https://github.com/octokit-fixture-org/hello-world/releases/tag/${tag}`, draft: false, author: { login: 'octokit-fixture-user-a', id: 1001 }, created_at: at, published_at: at });
    fake.enqueue('/repos/octokit-fixture-org/hello-world/releases', { body: [release(2, '1.1.0', '2017-10-10T12:00:00Z'), release(1, '1.0.0', '2017-10-01T12:00:00Z')] });
    await fetchInto(store, source({ watchedRepos: ['octokit-fixture-org/hello-world'] }), h, clock);
    expect(await store.findItem('github', 'release:2')).toMatchObject({ title: 'octokit-fixture-org/hello-world v1.1.0', text: 'notes 1.1.0', createdAt: '2017-10-10T12:00:00.000Z', queries: ['release:octokit-fixture-org/hello-world'] });
    fake.enqueue('/repos/octokit-fixture-org/hello-world/releases', { body: [release(3, '1.2.0', '2017-10-10T20:00:00Z'), release(2, '1.1.0', '2017-10-10T12:00:00Z'), release(1, '1.0.0', '2017-10-01T12:00:00Z')] });
    const again = await fetchInto(store, source({ watchedRepos: ['octokit-fixture-org/hello-world'] }), h, clock);
    expect(again.bySource.github).toEqual({ inserted: 1, updated: 0 });
    expect(await store.sourceState.itemCounts()).toEqual({ github: 3 });
  });

  it('waits out a secondary rate limit (403 + Retry-After), then continues', async () => {
    fake.enqueue('/search/issues', { status: 403, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, headers: { 'retry-after': '60' } });
    fake.enqueue('/search/issues', replay(recorded('octokit-fixtures_search-issues_normalized.json')[0]));
    const r = await fetchInto(store, source({ queries: [{ name: 'sesame', kind: 'issues', query: 'sesame' }] }), h, clock);
    expect(r.bySource.github?.error).toBeUndefined();
    expect(h.sleeps).toContain(60_000);
  });

  it('a bad token: 401 shown in health and logs without the token; the recorded 422 names the query', async () => {
    fake.enqueue('/search/issues', { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
    const r = await fetchInto(store, source({ token: TOKEN, queries: [{ name: 'a', kind: 'issues', query: 'a' }, { name: 'b', kind: 'issues', query: 'b' }] }), h, clock);
    expect(r.bySource.github?.error).toBe('UPSTREAM_REJECTED: GitHub rejected the token (401 Unauthorized); check github.token');
    expect(fake.requests).toHaveLength(1); // a bad token fails every query alike: the second is not asked
    const health = (await readSourceHealth(store, [{ name: 'github' }], NOW)).find((s) => s.name === 'github');
    expect(health).toMatchObject({ state: 'failing', lastError: 'UPSTREAM_REJECTED: GitHub rejected the token (401 Unauthorized); check github.token' });

    const invalid = recorded('octokit-fixtures_errors_normalized.json')[0];
    fake.enqueue('/search/issues', replay(invalid));
    const r2 = await fetchInto(store, source({ queries: [{ name: 'bad-query', kind: 'issues', query: 'is:nonsense' }] }), h, clock);
    expect(r2.bySource.github?.error).toBe('UPSTREAM_REJECTED: GitHub rejected the request (422 Unprocessable Entity): Validation Failed for "bad-query"');
  });

  it('parses Link headers', () => {
    expect(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe('https://api.github.com/x?page=2');
    expect(nextLink('<https://api.github.com/x?page=4>; rel="prev", <https://api.github.com/x?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});
