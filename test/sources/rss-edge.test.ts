import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { decodeFeedBytes, sniffUtf16 } from '../../src/sources/rss/decode.js';
import { parseFeedLeniently } from '../../src/sources/rss/lenient.parse.js';
import { isUsableEntry, mapFeedEntry } from '../../src/sources/rss/map.js';
import { parseFeedDocument, type FeedEntry } from '../../src/sources/rss/parse.js';
import { closeUnclosedCdata, expandDoctypeEntities } from '../../src/sources/rss/repair.js';
import { rssConfigSchema } from '../../src/sources/rss/rss.config.js';
import { createRssSource } from '../../src/sources/rss/rss.source.js';
import type { Store } from '../../src/store/store.port.js';
import { FEEDS_DIR, type ApiFake } from '../fakes/api-fake.js';
import { eachSourceTest, fetchInto, type SourceHarness } from '../helpers/source-run.js';

/** Feeds written for these tests (test/fixtures/feeds-edge/README.md): what feedparser reads, we read. */
const EDGE_DIR = join(import.meta.dirname, '../fixtures/feeds-edge');
const FETCHED = '2026-04-13T00:00:00.000Z';
const edgeBytes = (f: string): Buffer => readFileSync(join(EDGE_DIR, f));

const toItems = (entries: FeedEntry[]) =>
  entries.filter(isUsableEntry).map((e) => {
    const i = mapFeedEntry(e, { feedName: 'f', fetchedAt: FETCHED });
    return { title: i.title, url: i.url, text: i.text, createdAt: i.createdAt, author: i.author.name, externalId: i.externalId };
  });
const read = (f: string, contentType?: string) => {
  const { text, encoding } = decodeFeedBytes(edgeBytes(f), contentType);
  const parsed = parseFeedDocument(text);
  return { encoding, format: parsed.format, title: parsed.title, items: toItems(parsed.entries) };
};
const ENC = 'http://example.org/enc/1';

describe('edge-case feeds feedparser reads (test/fixtures/feeds-edge)', () => {
  it.each([
    ['empty-channel.rss', 'rss', 'Nothing yet'],
    ['empty.atom', 'atom', 'Empty Atom 1.0 feed'],
    ['atom03-empty.atom', 'atom', 'Quiet Atom 0.3 log'],
  ])('%s: a feed with no entries is 0 items, not an error', (f, format, title) => {
    expect(read(f)).toMatchObject({ format, title, items: [] });
  });

  it('the smallest empty feeds, and Atom 0.3 feeds of feed-level elements only, are 0 items', () => {
    for (const doc of [
      '<rss version="2.0"><channel></channel></rss>',
      '<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"></rdf:RDF>',
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><copyright>Example</copyright></feed>',
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><info type="text/html" mode="escaped">&lt;b&gt;Hi&lt;/b&gt;</info></feed>',
    ]) {
      expect(parseFeedDocument(doc).entries).toEqual([]);
    }
  });

  it('Atom 0.3 with entries: issued/modified dates, inline XHTML content (mode="xml"), summary only', () => {
    expect(read('atom03-entries.atom').items).toEqual([
      { title: 'First post under Atom 0.3', url: 'http://example.org/weblog/2005/03/first', text: 'The first post, in inline XHTML.', createdAt: '2005-03-01T13:00:00.000Z', author: 'Ann Writer', externalId: 'f:tag:example.org,2005:weblog.1' },
      { title: 'Second post, summary only', url: 'http://example.org/weblog/2005/03/second', text: 'Only a summary here.', createdAt: '2005-03-02T09:30:00.000Z', author: null, externalId: 'f:tag:example.org,2005:weblog.2' },
    ]);
  });

  it('Atom 0.3 mode="base64": title and content are decoded', () => {
    expect(read('atom03-base64.atom').items).toMatchObject([{ title: 'Base64 title été', url: 'http://example.org/b64/1', text: 'Hello base64 world & friends' }]);
  });

  it('escaped markup: Atom 0.3 mode="escaped" (entities and CDATA), Atom 1.0 type="html" and type="xhtml"', () => {
    expect(read('atom03-escaped.atom').items).toMatchObject([
      { title: 'Escaped bold title', url: 'http://example.org/esc/1', text: 'An escaped paragraph & more.' },
      { title: 'CDATA-escaped content', url: 'http://example.org/esc/2', text: 'Inside CDATA.' },
    ]);
    expect(read('atom10-escaped.atom').items).toMatchObject([
      { title: 'Fish & chips', url: 'http://example.org/a10/1', text: 'Escaped HTML body.' },
      { title: 'Inline XHTML title', url: 'http://example.org/a10/2', text: 'Inline XHTML body.' },
    ]);
  });

  it('RSS 1.0 whose DOCTYPE declares entities: expanded in text and attributes', () => {
    const feed = read('rdf-doctype-entity.rdf');
    expect(feed).toMatchObject({ format: 'rdf', title: 'Example Weekly' });
    expect(feed.items).toEqual([
      { title: 'Example Weekly issue 1', url: 'http://example.org/weekly/1', text: 'Text © 2005 Example Weekly', createdAt: '2005-06-01T00:00:00.000Z', author: 'Ed Itor', externalId: 'f:http://example.org/weekly/1' },
    ]);
  });

  it('bogus encoding declarations: an unknown label, or UTF-16 declared on single-byte text, is ignored', () => {
    expect(read('bogus-encoding.rss')).toMatchObject({ encoding: 'utf-8', items: [{ title: 'Café crème', url: ENC, text: 'Zoë’s naïve façade' }] });
    expect(read('bogus-encoding-latin1.rss')).toMatchObject({ encoding: 'windows-1252', items: [{ title: 'Café crème', url: ENC, text: 'Señor Müller' }] });
    expect(read('utf16-declared-utf8.rss')).toMatchObject({ encoding: 'utf-8', items: [{ title: 'Naïve café', url: ENC, text: 'Smörgåsbord' }] });
  });

  it('UTF-16 without a byte-order mark is sniffed from its zero bytes', () => {
    expect(sniffUtf16(edgeBytes('utf16le-no-bom.rss'))).toBe('utf-16le');
    expect(sniffUtf16(Buffer.from('<rss/>', 'utf16le').swap16())).toBe('utf-16be');
    expect(sniffUtf16(edgeBytes('bogus-encoding.rss'))).toBeUndefined();
    expect(read('utf16le-no-bom.rss')).toMatchObject({ encoding: 'utf-16le', items: [{ title: 'Ελληνικά', url: ENC, text: 'Ünïcödé' }] });
  });

  it('a text/plain charset that the bytes are not valid in gives way to the XML declaration', () => {
    expect(read('text-plain-charset.rss', 'text/plain; charset=utf-8')).toMatchObject({ encoding: 'windows-1252', items: [{ title: 'Crème brûlée', url: ENC, text: 'À la carte' }] });
    // a US-ASCII label on 8-bit bytes is false too
    const utf8 = Buffer.from('<?xml version="1.0" encoding="utf-8"?><rss><channel><item><title>Café</title></item></channel></rss>', 'utf8');
    expect(decodeFeedBytes(utf8, 'text/plain; charset=us-ascii')).toMatchObject({ encoding: 'utf-8', text: expect.stringContaining('Café') });
  });

  it('bytes invalid in the declared UTF-8 are decoded leniently (U+FFFD), the rest of the feed intact', () => {
    expect(read('invalid-utf8.rss')).toMatchObject({
      encoding: 'utf-8',
      items: [
        { title: 'Valid é here', url: ENC, text: 'ok' },
        { title: 'Bad \uFFFD byte', url: 'http://example.org/enc/2', text: 'also \uFFFD( bad' },
      ],
    });
  });

  it('an unclosed CDATA section ends at its element; the items after it survive', () => {
    expect(read('unclosed-cdata.rss').items).toMatchObject([
      { title: 'Well-formed item', url: 'http://example.org/cdata/1', text: 'Fine CDATA.' },
      { title: 'Broken item', url: 'http://example.org/cdata/2', text: 'This CDATA section never ends & has markup.', createdAt: '2024-07-01T10:00:00.000Z' },
      { title: 'Item after the broken one', url: 'http://example.org/cdata/3', text: 'Still here.' },
    ]);
  });

  it('stray & and < in titles, links and descriptions stay text', () => {
    expect(read('stray-ampersands.rss')).toMatchObject({
      title: 'Q&A weekly',
      items: [
        { title: 'AT&T and T-Mobile & friends', url: 'http://example.org/qa/1?a=1&b=2', text: 'Fish & chips & peas; R&D spend up 5%; © 2024 © Q&A', externalId: 'f:qa-1' },
        { title: 'a & b', url: 'http://example.org/qa/2', text: 'Rock &roll;  and more', externalId: 'f:qa-2' },
        { title: 'Fish & chips < £5 at B&Q', url: 'http://example.org/qa/3', text: 'Prices < 5 & falling', externalId: 'f:qa-3' },
      ],
    });
  });
});

describe('the lenient reader', () => {
  const REAL = readdirSync(FEEDS_DIR).sort().filter((f) => f !== 'unrecognized.rss');
  it.each(REAL)('%s: reads the real feed exactly as feedsmith does', (f) => {
    const text = decodeFeedBytes(readFileSync(join(FEEDS_DIR, f))).text;
    const strict = parseFeedDocument(text);
    const lenient = parseFeedLeniently(text);
    expect(lenient?.format).toBe(strict.format);
    expect(lenient?.title).toBe(strict.title);
    expect(toItems(lenient?.entries ?? [])).toEqual(toItems(strict.entries));
  });

  it('an HTML page is still not a feed', () => {
    const html = decodeFeedBytes(readFileSync(join(FEEDS_DIR, 'unrecognized.rss'))).text;
    expect(parseFeedLeniently(html)).toBeUndefined();
    expect(() => parseFeedDocument(html)).toThrow('it is an HTML page ("Document Moved"), not a feed');
    expect(() => parseFeedDocument('<note><to>x</to></note>')).toThrow(/it is not an RSS, RDF, Atom or JSON feed/);
  });
});

describe('repairs', () => {
  it('items feedsmith does not look for (outside <channel>) are read; a JSON Feed is never "repaired"', () => {
    const rss = '<rss version="2.0"><channel><title>t</title></channel><item><title>Outside</title><link>http://example.org/o</link></item></rss>';
    expect(toItems(parseFeedDocument(rss).entries)).toMatchObject([{ title: 'Outside', url: 'http://example.org/o' }]);
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', content_text: 'a <![CDATA[ b' }] });
    expect(parseFeedDocument(json).entries[0]?.body).toBe('a <![CDATA[ b');
  });


  it('DOCTYPE entities: nested ones expand, external ones and CDATA are left alone, a "billion laughs" stays small', () => {
    const doc = '<!DOCTYPE r [<!ENTITY a "A"><!ENTITY b "&a;&a;"><!ENTITY ext SYSTEM "http://example.org/x">]><r>&b; &ext; &amp; <![CDATA[&a;]]></r>';
    expect(expandDoctypeEntities(doc)).toBe('<r>AA &ext; &amp; <![CDATA[&a;]]></r>');
    const laughs = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    expect(expandDoctypeEntities(`<!DOCTYPE r [${laughs}]><r>&l9;</r>`).length).toBeLessThan(20_000);
    const plain = '<rss><channel/></rss>';
    expect(expandDoctypeEntities(plain)).toBe(plain);
  });

  it('unclosed CDATA: closed at its element end tag, or before the next section, or at the end', () => {
    expect(closeUnclosedCdata('<a><d><![CDATA[x <b>y</b></d><e/></a>')).toBe('<a><d><![CDATA[x <b>y</b>]]></d><e/></a>');
    expect(closeUnclosedCdata('<a><![CDATA[x<![CDATA[y]]></a>')).toBe('<a><![CDATA[x]]><![CDATA[y]]></a>');
    expect(closeUnclosedCdata('<a><![CDATA[x')).toBe('<a><![CDATA[x]]>');
    const fine = '<a><![CDATA[x]]><![CDATA[y]]></a>';
    expect(closeUnclosedCdata(fine)).toBe(fine);
  });
});

describe('edge-case feeds through the rss source (loopback HTTP)', () => {
  const clock = fixedClock(new Date(FETCHED));
  let fake: ApiFake;
  let store: Store;
  let h: SourceHarness;
  eachSourceTest(clock, (bed) => ({ fake, store, h } = bed));

  it('an empty feed is a successful fetch of 0 items; a text/plain Latin-1 feed is stored decoded', async () => {
    fake.enqueue('/empty', { body: edgeBytes('empty-channel.rss'), headers: { 'content-type': 'application/rss+xml' } });
    fake.enqueue('/plain', { body: edgeBytes('text-plain-charset.rss'), headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const feeds = [
      { name: 'empty', url: `${fake.url}/empty` },
      { name: 'plain', url: `${fake.url}/plain` },
    ];
    const r = await fetchInto(store, createRssSource(rssConfigSchema.parse({ feeds }), h.deps), h, clock);
    expect(r.bySource.rss).toEqual({ inserted: 1, updated: 0 });
    const id = read('text-plain-charset.rss', 'text/plain; charset=utf-8').items[0]?.externalId.slice(2) ?? '';
    expect(await store.findItem('rss', `plain:${id}`)).toMatchObject({ title: 'Crème brûlée', text: 'À la carte' });
  });
});
