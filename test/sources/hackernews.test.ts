import { beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { hackernewsConfigSchema, type HackernewsConfigInput } from '../../src/sources/hackernews/hackernews.config.js';
import { createHackernewsSource } from '../../src/sources/hackernews/hackernews.source.js';
import { decodeWatermark } from '../../src/sources/shared/watermark.js';
import type { Store } from '../../src/store/store.port.js';
import { type ApiFake } from '../fakes/api-fake.js';
import { hnSearchRoute, readHnSample, type HnHitRecord } from '../fakes/hackernews-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';

const NOW = new Date('2019-11-01T00:00:00.000Z');
const clock = fixedClock(NOW);

let fake: ApiFake;
let store: Store;
let h: SourceHarness;
let corpus: HnHitRecord[];

eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));
beforeEach(() => {
  corpus = readHnSample().hits;
  hnSearchRoute(fake, () => corpus);
});

const source = (over: Partial<HackernewsConfigInput> = {}) =>
  createHackernewsSource(hackernewsConfigSchema.parse({ baseUrl: fake.url, queries: [{ name: 'self-hosted', query: 'self-hosted' }], ...over }), h.deps);

describe('hackernews source (Algolia search_by_date, hits in the recorded shape)', () => {
  it('maps every field we keep from a story hit', async () => {
    const r = await fetchInto(store, source(), h, clock);
    expect(r.bySource.hackernews).toEqual({ inserted: 20, updated: 0 });
    const hit = corpus.find((x) => x.objectID === '20000000');
    const item = await store.findItem('hackernews', '20000000');
    expect(item).toMatchObject({
      source: 'hackernews',
      externalId: '20000000',
      url: 'https://example.org/blog/status-pages',
      author: { id: 'mara_k', handle: 'mara_k', name: null, followers: null },
      title: 'Self-hosted status pages compared',
      text: '',
      createdAt: '2019-01-01T00:00:00.000Z',
      fetchedAt: NOW.toISOString(),
      metrics: { likes: 212, reposts: 0, replies: 64, quotes: 0, views: 0 },
      queries: ['self-hosted'],
    });
    expect(item?.raw).toEqual(hit);
    const req = fake.requests[0];
    expect(req?.params.get('query')).toBe('self-hosted');
    expect(req?.params.get('tags')).toBe('story');
    expect(req?.params.get('numericFilters')).toBeNull();
    expect(fake.problems).toEqual([]);
  });

  it('links a story without url (Ask HN) to its HN item and keeps its HTML text as plain text', async () => {
    await fetchInto(store, source(), h, clock);
    const ask = corpus.find((x) => x.url === null);
    if (!ask) throw new Error('the fixture has no story without url');
    const item = await store.findItem('hackernews', ask.objectID);
    expect(item?.url).toBe(`https://news.ycombinator.com/item?id=${ask.objectID}`);
    expect(item?.text).toContain('Curious what & why — hardware, software, anything.');
    expect(item?.text).not.toMatch(/<|&amp;/);
  });

  it('pages until a short page and stores exactly the fixture hits', async () => {
    const r = await fetchInto(store, source({ hitsPerPage: 8 }), h, clock);
    expect(r.failed).toBe(0);
    expect(fake.requests.map((q) => q.params.get('page'))).toEqual(['0', '1', '2']);
    expect(await store.sourceState.itemCounts()).toEqual({ hackernews: 20 });
    for (const hit of corpus) expect(await store.findItem('hackernews', hit.objectID)).toBeDefined();
  });

  it('resumes from the created_at_i watermark: a second run fetches only newer hits', async () => {
    await fetchInto(store, source(), h, clock);
    const newest = Math.max(...corpus.map((x) => x.created_at_i));
    const cursor = decodeWatermark(await store.getCursor('hackernews', 'self-hosted'));
    expect(cursor).toEqual({ at: newest * 1000, ids: ['20061254'] });

    const again = await fetchInto(store, source(), h, clock);
    expect(again.bySource.hackernews).toEqual({ inserted: 0, updated: 0 });
    expect(fake.requests[1]?.params.get('numericFilters')).toBe(`created_at_i>=${newest}`);

    // a story posted in the same second as the newest one seen, and a later one
    corpus.push({ ...corpus[0], objectID: '99000001', created_at_i: newest, title: 'same second' } as HnHitRecord);
    corpus.push({ ...corpus[0], objectID: '99000002', created_at_i: newest + 60, title: 'a minute later' } as HnHitRecord);
    const third = await fetchInto(store, source(), h, clock);
    expect(third.bySource.hackernews).toEqual({ inserted: 2, updated: 0 });
    expect(await store.sourceState.itemCounts()).toEqual({ hackernews: 22 });
    expect(decodeWatermark(await store.getCursor('hackernews', 'self-hosted'))).toEqual({ at: (newest + 60) * 1000, ids: ['99000002'] });
  });

  it('asks for comments too with tags=(story,comment) and titles a comment after its story', async () => {
    corpus = [
      { objectID: '500', created_at_i: 1_570_000_000, comment_text: '<p>I agree &amp; more</p>', story_title: 'Tim Cook interview', author: 'pg', points: null, num_comments: null, _tags: ['comment', 'author_pg', 'story_400'] },
    ];
    await fetchInto(store, source({ queries: [{ name: 'both', query: 'tim cook', tags: 'both' }] }), h, clock);
    expect(fake.requests[0]?.params.get('tags')).toBe('(story,comment)');
    expect(await store.findItem('hackernews', '500')).toMatchObject({ title: 'Re: Tim Cook interview', text: 'I agree & more', url: 'https://news.ycombinator.com/item?id=500' });
  });

  it('skips a malformed hit and keeps the rest', async () => {
    corpus = [...corpus.slice(0, 3), { objectID: '', created_at_i: 1 } as HnHitRecord];
    const r = await fetchInto(store, source(), h, clock);
    expect(r.bySource.hackernews).toEqual({ inserted: 3, updated: 0 });
    expect(h.logLines.join('\n')).toContain('skipped a malformed hackernews hit');
  });
});
