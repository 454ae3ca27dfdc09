import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { githubConfigSchema } from '../../src/sources/github/github.config.js';
import { createGithubSource } from '../../src/sources/github/github.source.js';
import { hackernewsConfigSchema } from '../../src/sources/hackernews/hackernews.config.js';
import { createHackernewsSource } from '../../src/sources/hackernews/hackernews.source.js';
import { readSourceHealth } from '../../src/sources/health.js';
import { rssConfigSchema, type RssConfigInput } from '../../src/sources/rss/rss.config.js';
import { createRssSource } from '../../src/sources/rss/rss.source.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { FEEDS_DIR, readSampleJson, startApiFake, type ApiFake } from '../fakes/api-fake.js';
import { HN_SAMPLE } from '../fakes/hackernews-fake.js';
import { fetchInto, sourceHarness, type SourceHarness } from '../helpers/source-run.js';
import { storeTargets } from '../helpers/stores.js';

const NOW = new Date('2026-04-13T00:00:00.000Z');
const clock = fixedClock(NOW);
const feedFile = (file: string, type: string) => () => ({ body: readFileSync(join(FEEDS_DIR, file)), headers: { 'content-type': type } });

/** Issue 13 item 8: the fetch stage records health per feed / query; a source is degraded when some parts fail. */
describe.each(storeTargets())('per-part source health through the fetch stage on $name', (target) => {
  let fake: ApiFake;
  let store: Store;
  let h: SourceHarness;
  beforeEach(async () => {
    fake = await startApiFake();
    fake.route('/guardian', feedFile('guardian.rss', 'application/rss+xml'));
    fake.route('/heise', feedFile('heise.atom', 'application/atom+xml'));
    fake.route('/moved', feedFile('unrecognized.rss', 'text/html'));
    store = await target.open(clock);
    h = sourceHarness(clock);
  });
  afterEach(async () => {
    await fake.close();
    await store.close();
  });

  const rss = (feeds: RssConfigInput['feeds']): Source => createRssSource(rssConfigSchema.parse({ feeds, maxRetries: 0 }), h.deps);
  const healthOf = async (source: Source) => (await readSourceHealth(store, [source], NOW)).find((s) => s.name === source.name);
  const threeFeeds = () => [
    { name: 'guardian', url: `${fake.url}/guardian` },
    { name: 'moved', url: `${fake.url}/moved` },
    { name: 'heise', url: `${fake.url}/heise` },
  ];

  it('3 feeds, one an HTML page: the good feeds are stored, rss is degraded with its last success set', async () => {
    const source = rss(threeFeeds());
    const r = await fetchInto(store, source, h, clock);
    expect(r).toMatchObject({ failed: 1, degraded: 1, inserted: 70 });
    expect(r.bySource.rss).toMatchObject({ inserted: 70, degraded: true, error: expect.stringContaining('HTML page') });
    expect(await store.sourceState.itemCounts()).toEqual({ rss: 70 });
    const health = await healthOf(source);
    expect(health).toMatchObject({ state: 'degraded', lastSuccessAt: NOW.toISOString(), lastFetchedCount: 70, consecutiveFailures: 0, itemsTotal: 70 });
    expect(health?.parts.map((p) => [p.key, p.state, p.lastFetchedCount, p.target])).toEqual([
      ['guardian', 'ok', 55, `${fake.url}/guardian`],
      ['moved', 'failing', null, `${fake.url}/moved`],
      ['heise', 'ok', 15, `${fake.url}/heise`],
    ]);
  });

  it('every feed failing: rss is failing, no last success', async () => {
    const source = rss([{ name: 'moved', url: `${fake.url}/moved` }, { name: 'gone', url: `${fake.url}/gone` }]);
    fake.route('/gone', () => ({ status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } }));
    const r = await fetchInto(store, source, h, clock);
    expect(r).toMatchObject({ failed: 1, degraded: 0, inserted: 0 });
    const health = await healthOf(source);
    expect(health).toMatchObject({ state: 'failing', lastSuccessAt: null, consecutiveFailures: 1 });
    expect(health?.parts.map((p) => [p.key, p.state])).toEqual([
      ['moved', 'failing'],
      ['gone', 'failing'],
    ]);
  });

  it.each([401, 403, 429, 500])('a %i on the first feed does not stop the other feeds of the run', async (status) => {
    fake.route('/locked', () => ({ status, body: 'no', headers: { 'content-type': 'text/plain', 'retry-after': '86400' } }));
    const source = rss([{ name: 'locked', url: `${fake.url}/locked?key=SECRETkey123` }, ...threeFeeds()]);
    const r = await fetchInto(store, source, h, clock);
    expect(fake.requests.map((q) => q.path)).toEqual(['/locked', '/guardian', '/moved', '/heise']);
    expect(r.bySource.rss).toMatchObject({ inserted: 70, degraded: true });
    const health = await healthOf(source);
    expect(health).toMatchObject({ state: 'degraded', rateLimitedUntil: null });
    expect(health?.parts.map((p) => p.state)).toEqual(['failing', 'ok', 'failing', 'ok']);
    expect(JSON.stringify(health)).not.toContain('SECRETkey123');
  });

  it('a search source: one failing query of two makes it degraded; a source-wide 401 fails every query', async () => {
    fake.route('/api/v1/search_by_date', (req) => (req.params.get('query') === 'broken' ? { status: 500, body: 'oops' } : { body: { ...readSampleJson<object>(HN_SAMPLE), nbPages: 1 } }));
    const hn = createHackernewsSource(hackernewsConfigSchema.parse({ baseUrl: fake.url, maxRetries: 0, queries: [{ name: 'broken', query: 'broken' }, { name: 'self-hosted', query: 'self-hosted' }] }), h.deps);
    await fetchInto(store, hn, h, clock);
    expect(await healthOf(hn)).toMatchObject({ state: 'degraded', lastSuccessAt: NOW.toISOString(), lastFetchedCount: 20 });
    expect((await healthOf(hn))?.parts.map((p) => [p.key, p.state, p.lastFetchedCount])).toEqual([
      ['broken', 'failing', null],
      ['self-hosted', 'ok', 20],
    ]);

    fake.route('/search/issues', () => ({ status: 401, body: { message: 'Bad credentials' } }));
    const gh = createGithubSource(githubConfigSchema.parse({ baseUrl: fake.url, maxRetries: 0, queries: [{ name: 'a', kind: 'issues', query: 'a' }, { name: 'b', kind: 'issues', query: 'b' }] }), h.deps);
    await fetchInto(store, gh, h, clock);
    expect(fake.requests.filter((q) => q.path === '/search/issues')).toHaveLength(1);
    const github = await healthOf(gh);
    expect(github).toMatchObject({ state: 'failing', lastSuccessAt: null });
    expect(github?.parts.map((p) => [p.key, p.state, p.lastError])).toEqual([
      ['a', 'failing', expect.stringContaining('GitHub rejected the token')],
      ['b', 'failing', expect.stringContaining('GitHub rejected the token')],
    ]);
  });
});
