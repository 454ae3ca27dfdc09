import { copyFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { readSourceHealth } from '../../src/sources/health.js';
import { decodeFeedBytes } from '../../src/sources/rss/decode.js';
import { entryIdentity, isUsableEntry, mapFeedEntry } from '../../src/sources/rss/map.js';
import { parseFeedDocument } from '../../src/sources/rss/parse.js';
import { rssConfigSchema, type RssConfigInput } from '../../src/sources/rss/rss.config.js';
import { createRssSource } from '../../src/sources/rss/rss.source.js';
import type { Store } from '../../src/store/store.port.js';
import { FEEDS_DIR, FEEDS_EXPECTED_DIR, type ApiFake } from '../fakes/api-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';
import { tempDir } from '../helpers/stores.js';

const NOW = new Date('2026-04-13T00:00:00.000Z');
const FETCHED = NOW.toISOString();
const clock = fixedClock(NOW);

const FEEDS = readdirSync(FEEDS_DIR).sort();
const feedBytes = (f: string): Buffer => readFileSync(join(FEEDS_DIR, f));
const expectedItems = (f: string): { title?: string; link?: string; isoDate?: string }[] | undefined => {
  const file = join(FEEDS_EXPECTED_DIR, f.replace(/\.\w+$/, '.json'));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { feed: { items: [] } }).feed.items : undefined;
};
const mapped = (f: string) => {
  const parsed = parseFeedDocument(decodeFeedBytes(feedBytes(f)).text);
  return parsed.entries.filter(isUsableEntry).map((e) => mapFeedEntry(e, { feedName: 'f', fetchedAt: FETCHED }));
};
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Where our parse differs from rss-parser's own (rss-parser-expected/), and why ours is right:
 * - incomplete-fields.atom, missing-fields.atom: an entry with no title, link or content (only an
 *   id, or nothing) is skipped — there is nothing to triage; rss-parser keeps an empty object.
 * - encoding.rss (declared ISO-8859-1), uolNoticias.rss (undeclared Latin-1): rss-parser read the
 *   bytes as UTF-8 and kept U+FFFD; we decode them (titles keep ã, é, ç).
 * - craigslist.rss: titles hold HTML (`&#x0024;`, `<sup>`); we reduce them to text ("$4300 … 1930ft2").
 * - itunes-href.rss: links start with a newline in the file; we trim them.
 */
const SKIPPED_EMPTY: Record<string, number> = { 'incomplete-fields.atom': 1, 'missing-fields.atom': 1 };
const TITLE_DIFFERS = new Set(['encoding.rss', 'uolNoticias.rss', 'craigslist.rss']);
const NOT_A_FEED = new Set(['unrecognized.rss']);
/** itunes-missing-image.rss lists one GUID twice: it is one item (GUID identity). */
const REPEATED_GUIDS: Record<string, number> = { 'itunes-missing-image.rss': 1 };

describe('every real feed in test/fixtures/feeds/rss-parser', () => {
  it.each(FEEDS.filter((f) => !NOT_A_FEED.has(f)))('%s: items with title or text, link and date; agrees with rss-parser where it should', (f) => {
    const items = mapped(f);
    const expected = expectedItems(f);
    if (expected) expect(items).toHaveLength(expected.length - (SKIPPED_EMPTY[f] ?? 0));
    else expect(items.length).toBeGreaterThan(0);
    for (const [i, item] of items.entries()) {
      expect(item.title !== null || item.text !== '').toBe(true);
      expect(item.text).not.toMatch(/<(p|div|br|img|a|span|table)[\s/>]/i);
      expect(item.text).not.toContain('\uFFFD');
      expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);
      const x = expected?.[i];
      if (!x) continue;
      if (x.link) expect(item.url).toBe(x.link.trim());
      if (x.title && !TITLE_DIFFERS.has(f)) expect(item.title).toBe(oneLine(x.title));
      if (x.isoDate) expect(item.createdAt).toBe(x.isoDate);
    }
    // identities are unique within a feed, except where the feed itself repeats a GUID
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length - (REPEATED_GUIDS[f] ?? 0));
  });

  it('decodes declared (ISO-8859-1) and undeclared Latin-1 feeds', () => {
    expect(mapped('encoding.rss')[0]?.title).toBe('Mãe de utente é a nova presidente da Raríssimas');
    expect(mapped('uolNoticias.rss')[0]?.title).toMatch(/^Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno$/);
    expect(decodeFeedBytes(feedBytes('encoding.rss')).encoding).toBe('windows-1252');
    expect(decodeFeedBytes(Buffer.from('<?xml version="1.0"?><rss/>', 'utf8'), 'application/rss+xml; charset=ISO-8859-1').encoding).toBe('windows-1252');
  });

  it('reduces HTML titles and bodies to text', () => {
    expect(mapped('craigslist.rss')[0]?.title).toBe('Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft2');
    const guardian = mapped('guardian.rss')[0];
    expect(guardian?.text).toMatch(/^The president’s ‘new American moment’ speech stirred Republican applause/);
    expect(guardian?.text).not.toContain('Continue reading...</a>');
  });

  it('an entry without a GUID is keyed by a hash of link + title, stable when its body is edited', () => {
    const e = { guid: undefined, link: 'https://example.org/a', title: 'A' };
    expect(entryIdentity(e)).toMatch(/^hash:[0-9a-f]{40}$/);
    expect(entryIdentity(e)).toBe(entryIdentity({ ...e }));
    expect(entryIdentity({ ...e, title: 'B' })).not.toBe(entryIdentity(e));
    expect(entryIdentity({ ...e, guid: 'urn:x:1' })).toBe('urn:x:1');
  });

  it('reads a JSON Feed 1.1 document', () => {
    const doc = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'JSON Feed',
      items: [{ id: '2', url: 'https://example.org/2', title: 'Second', content_html: '<p>Hello <b>world</b></p>', date_published: '2026-04-12T10:00:00Z', authors: [{ name: 'Ann' }] }],
    });
    const parsed = parseFeedDocument(doc);
    expect(parsed.format).toBe('json');
    const item = mapFeedEntry(parsed.entries[0] ?? ({} as never), { feedName: 'j', fetchedAt: FETCHED });
    expect(item).toMatchObject({ externalId: 'j:2', url: 'https://example.org/2', title: 'Second', text: 'Hello world', createdAt: '2026-04-12T10:00:00.000Z', author: { name: 'Ann' } });
  });
});

let fake: ApiFake;
let store: Store;
let h: SourceHarness;
eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));
const source = (over: Partial<RssConfigInput>) => createRssSource(rssConfigSchema.parse(over), h.deps);

describe('rss source (feeds over loopback HTTP and file://)', () => {
  it('reads all 29 feeds in one run: the HTML page is a clear per-feed error, every other feed is stored', async () => {
    const feeds = FEEDS.map((f) => ({ name: f.replace(/\W+/g, '-').toLowerCase(), url: pathToFileURL(join(FEEDS_DIR, f)).toString() }));
    const rss = source({ feeds });
    const r = await fetchInto(store, rss, h, clock);
    expect(r.bySource.rss?.error).toBe(`UPSTREAM_BAD_RESPONSE: feed "unrecognized-rss" (${pathToFileURL(join(FEEDS_DIR, 'unrecognized.rss')).toString()}) could not be read: it is an HTML page ("Document Moved"), not a feed`);
    const total = FEEDS.filter((f) => !NOT_A_FEED.has(f)).reduce((n, f) => n + new Set(mapped(f).map((i) => i.externalId)).size, 0);
    expect(r.bySource.rss?.inserted).toBe(total);
    expect(await store.sourceState.itemCounts()).toEqual({ rss: total });
    const health = (await readSourceHealth(store, [rss], NOW)).find((s) => s.name === 'rss');
    expect(health).toMatchObject({ state: 'degraded', lastSuccessAt: NOW.toISOString(), lastFetchedCount: total, itemsTotal: total, lastError: expect.stringContaining('HTML page') });
    expect(health?.parts).toHaveLength(FEEDS.length);
    expect(health?.parts.filter((p) => p.state !== 'ok').map((p) => [p.key, p.state, p.lastError])).toEqual([['unrecognized-rss', 'failing', expect.stringContaining('HTML page')]]);
  });

  it('conditional GET: sends ETag and Last-Modified back; a 304 stores nothing and keeps the validators', async () => {
    fake.enqueue('/guardian', { body: feedBytes('guardian.rss'), headers: { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Wed, 31 Jan 2018 08:00:00 GMT' } });
    const feeds = [{ name: 'guardian', url: `${fake.url}/guardian` }];
    const first = await fetchInto(store, source({ feeds }), h, clock);
    expect(first.bySource.rss).toEqual({ inserted: 55, updated: 0 });
    fake.enqueue('/guardian', { status: 304 });
    const second = await fetchInto(store, source({ feeds }), h, clock);
    expect(second.bySource.rss).toEqual({ inserted: 0, updated: 0 });
    expect(fake.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(fake.requests[1]?.headers['if-modified-since']).toBe('Wed, 31 Jan 2018 08:00:00 GMT');
    expect(JSON.parse((await store.getCursor('rss', 'guardian')) ?? '{}')).toEqual({ etag: '"v1"', lastModified: 'Wed, 31 Jan 2018 08:00:00 GMT' });
    expect((await readSourceHealth(store, [{ name: 'rss' }], NOW)).find((s) => s.name === 'rss')).toMatchObject({ state: 'ok', lastFetchedCount: 0, itemsTotal: 55 });
  });

  it('an edited entry updates its item (same GUID), nothing is duplicated', async () => {
    const original = feedBytes('guardian.rss').toString('utf8');
    const edited = original.replace('stirred Republican applause', 'drew Republican applause');
    expect(edited).not.toBe(original);
    fake.enqueue('/guardian', { body: original, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } }, { body: edited, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
    const feeds = [{ name: 'guardian', url: `${fake.url}/guardian` }];
    await fetchInto(store, source({ feeds }), h, clock);
    const r = await fetchInto(store, source({ feeds }), h, clock);
    expect(r.bySource.rss).toEqual({ inserted: 0, updated: 55 });
    expect(await store.sourceState.itemCounts()).toEqual({ rss: 55 });
    const first = mapped('guardian.rss')[0];
    const item = await store.findItem('rss', `guardian:${first?.externalId.slice(2) ?? ''}`);
    expect(item?.text).toMatch(/^The president’s ‘new American moment’ speech drew Republican applause/);
  });

  it('decodes by the Content-Type charset when the XML does not declare one', async () => {
    fake.enqueue('/uol', { body: feedBytes('uolNoticias.rss'), headers: { 'content-type': 'text/xml; charset=ISO-8859-1' } });
    await fetchInto(store, source({ feeds: [{ name: 'uol', url: `${fake.url}/uol` }] }), h, clock);
    const title = mapped('uolNoticias.rss')[0]?.title ?? '';
    expect(title).toContain('simulações');
    expect(await store.findItem('rss', `uol:${mapped('uolNoticias.rss')[0]?.externalId.slice(2) ?? ''}`)).toMatchObject({ title });
    expect(await store.sourceState.itemCounts()).toEqual({ rss: 15 });
  });

  it('a file:// feed is re-read only when its mtime changes', async () => {
    const dir = tempDir();
    const path = join(dir, 'feed.atom');
    copyFileSync(join(FEEDS_DIR, 'heise.atom'), path);
    const feeds = [{ name: 'heise', url: pathToFileURL(path).toString() }];
    expect((await fetchInto(store, source({ feeds }), h, clock)).bySource.rss).toEqual({ inserted: 15, updated: 0 });
    expect((await fetchInto(store, source({ feeds }), h, clock)).bySource.rss).toEqual({ inserted: 0, updated: 0 });
    const missing = await fetchInto(store, source({ feeds: [{ name: 'gone', url: pathToFileURL(join(dir, 'nope.xml')).toString() }] }), h, clock);
    expect(missing.bySource.rss?.error).toMatch(/cannot read file:.*nope\.xml: ENOENT/);
  });

  it('rejects a feed URL that is not http(s) or file, naming the field', () => {
    const bad = rssConfigSchema.safeParse({ feeds: [{ name: 'x', url: 'ftp://example.org/feed' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['feeds', 0, 'url']);
  });
});
