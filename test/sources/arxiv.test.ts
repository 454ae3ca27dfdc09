import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { arxivConfigSchema, type ArxivConfigInput } from '../../src/sources/arxiv/arxiv.config.js';
import { arxivSearchQuery, createArxivSource } from '../../src/sources/arxiv/arxiv.source.js';
import { parseArxivFeed } from '../../src/sources/arxiv/map.js';
import { decodeWatermark } from '../../src/sources/shared/watermark.js';
import type { Store } from '../../src/store/store.port.js';
import { readSample, readSampleJson, type ApiFake, type FakeResponse } from '../fakes/api-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';

const NOW = new Date('2026-04-13T00:00:00.000Z');
const clock = fixedClock(NOW);

const PAGE0 = readSample('arxiv/arxivpy_q_testing_s0_m10_bc5a6c384fe9.body.xml');
const PAGE1 = readSample('arxiv/arxivpy_q_testing_s10_m10_34e56e15aaac.body.xml');
const atom = (body: string, status = 200): FakeResponse => ({ status, body, headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
/** The recorded `{url, status_code, body}` capture of a request, replayed. */
const capture = (file: string): FakeResponse => {
  const c = readSampleJson<{ status_code: number; body: string }>(`arxiv/${file}`);
  return atom(c.body, c.status_code);
};

let fake: ApiFake;
let store: Store;
let h: SourceHarness;
eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));

const source = (over: Partial<ArxivConfigInput> = {}) =>
  createArxivSource(arxivConfigSchema.parse({ baseUrl: fake.url, queries: [{ name: 'testing', query: 'all:testing' }], maxResults: 10, maxPages: 2, ...over }), h.deps);

describe('arxiv source (recorded export-API responses)', () => {
  it('asks for the newest submissions, one request per 3 s, pages with start, and maps every field we keep', async () => {
    fake.route('/api/query', (req) => atom(req.params.get('start') === '0' ? PAGE0 : PAGE1));
    const r = await fetchInto(store, source(), h, clock);
    expect(r.bySource.arxiv).toEqual({ inserted: 20, updated: 0 });
    expect(fake.requests.map((q) => Object.fromEntries(q.params))).toEqual([
      { search_query: 'all:testing', sortBy: 'submittedDate', sortOrder: 'descending', start: '0', max_results: '10' },
      { search_query: 'all:testing', sortBy: 'submittedDate', sortOrder: 'descending', start: '10', max_results: '10' },
    ]);
    expect(h.sleeps).toEqual([3000]);
    expect(await store.findItem('arxiv', '2202.12139')).toMatchObject({
      url: 'https://arxiv.org/abs/2202.12139v1',
      title: 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques',
      text: expect.stringMatching(/^Deep Learning \(DL\) has revolutionized .* discuss its results\.$/),
      author: { id: null, handle: null, name: 'Mohit Kumar Ahuja et al. (3 authors)', followers: null },
      createdAt: '2022-02-24T15:05:19.000Z',
      metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0 },
      queries: ['testing'],
    });
    // entity-escaped titles are decoded; multi-line abstracts become one line
    expect((await store.findItem('arxiv', '2302.03287'))?.title).toBe('ChatGPT and Software Testing Education: Promises & Perils');
    expect((await store.findItem('arxiv', '1812.11470'))?.text).not.toContain('\n');
    expect(await store.sourceState.itemCounts()).toEqual({ arxiv: 20 });
  });

  it('resumes from the newest published: a second run stores only the newer paper and stops at the first seen', async () => {
    fake.route('/api/query', (req) => atom(req.params.get('start') === '0' ? PAGE0 : PAGE1));
    await fetchInto(store, source(), h, clock);
    const all = [...parseArxivFeed(PAGE0).entries, ...parseArxivFeed(PAGE1).entries];
    const newest = all.map((e) => e.published).sort().at(-1) ?? '';
    expect(decodeWatermark(await store.getCursor('arxiv', 'testing'))?.at).toBe(Date.parse(newest));

    const fresh = PAGE0.replace('http://arxiv.org/abs/2202.12139v1', 'http://arxiv.org/abs/2604.00001v1').replace('<published>2022-02-24T15:05:19Z</published>', '<published>2026-04-12T10:00:00Z</published>');
    fake.enqueue('/api/query', atom(fresh));
    fake.requests.length = 0;
    const again = await fetchInto(store, source(), h, clock);
    expect(again.bySource.arxiv).toEqual({ inserted: 1, updated: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(await store.sourceState.itemCounts()).toEqual({ arxiv: 21 });
  });

  it('an error answered as an Atom feed (recorded 400) is an error naming arXiv\'s message, never an item', async () => {
    fake.enqueue('/api/query', capture('arxivpy_id_abc_s0_m100_b79c8dcf6bc3.json'));
    const r = await fetchInto(store, source(), h, clock);
    expect(r.bySource.arxiv?.error).toBe('UPSTREAM_REJECTED: arXiv rejected the query: incorrect id format for abc');
    expect(await store.sourceState.itemCounts()).toEqual({});
    // the same feed with a 200 status is an error too
    fake.enqueue('/api/query', atom(readSample('arxiv/arxivpy_id_abc_s0_m100_b79c8dcf6bc3.body.xml')));
    const r2 = await fetchInto(store, source(), h, clock);
    expect(r2.bySource.arxiv?.error).toBe('UPSTREAM_REJECTED: arXiv rejected the query: incorrect id format for abc');
  });

  it('an empty result (recorded) stores nothing and leaves no cursor', async () => {
    fake.enqueue('/api/query', capture('arxivpy_id_0000.0000_s0_m100_8b51d9633a68.json'));
    const r = await fetchInto(store, source(), h, clock);
    expect(r.bySource.arxiv).toEqual({ inserted: 0, updated: 0 });
    expect(await store.getCursor('arxiv', 'testing')).toBeUndefined();
  });

  it('reads the 2016 response format and old-style ids', async () => {
    fake.enqueue('/api/query', atom(readSample('arxiv/arxivpy_2016_search_query_au_del_maestro.xml')));
    await fetchInto(store, source({ maxPages: 1 }), h, clock);
    expect(await store.findItem('arxiv', '1201.4869')).toMatchObject({ url: 'http://arxiv.org/abs/1201.4869v1', author: { name: 'Adrian Del Maestro' } });
    fake.enqueue('/api/query', capture('arxivpy_id_astro-ph_0601001_s0_m100_3150dca9dc76.json'));
    await fetchInto(store, source({ queries: [{ name: 'astro', category: 'astro-ph' }] }), h, clock);
    expect(await store.findItem('arxiv', 'astro-ph/0601001')).toBeDefined();
  });

  it('builds search_query from a query and/or a category; rejects a faster pace than arXiv allows', () => {
    expect(arxivSearchQuery({ name: 'a', category: 'cs.LG' })).toBe('cat:cs.LG');
    expect(arxivSearchQuery({ name: 'a', query: 'ti:rag OR abs:rag', category: 'cs.CL' })).toBe('(ti:rag OR abs:rag) AND cat:cs.CL');
    const bad = arxivConfigSchema.safeParse({ queries: [{ name: 'a', query: 'x' }], minIntervalMs: 1000 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('one request per 3 s');
    expect(arxivConfigSchema.safeParse({ queries: [{ name: 'a' }] }).success).toBe(false);
  });
});
