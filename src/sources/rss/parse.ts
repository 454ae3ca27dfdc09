import { parseFeed } from 'feedsmith';
import { oneLine } from '../shared/html-text.js';
import { isAtom03, parseFeedLeniently } from './lenient.parse.js';
import { closeUnclosedCdata, expandDoctypeEntities } from './repair.js';

/** One entry of any feed format, normalised. Strings are as the feed has them (HTML not yet stripped). */
export interface FeedEntry {
  /** GUID (RSS), id (Atom, JSON Feed), rdf:about (RSS 1.0); undefined when the feed has none. */
  guid: string | undefined;
  link: string | undefined;
  title: string | undefined;
  /** The fullest body: content:encoded / Atom content / content_html, else description / summary. */
  body: string | undefined;
  /** Publication date as written (pubDate, published, dc:date, date_published, else updated). */
  date: string | undefined;
  author: string | undefined;
  raw: unknown;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | undefined;
  entries: FeedEntry[];
}

type Text = string | { value?: string } | undefined;
const text = (t: Text): string | undefined => {
  const v = typeof t === 'string' ? t : t?.value;
  return v === undefined || v.trim() === '' ? undefined : v;
};
const first = <T>(xs: readonly T[] | undefined): T | undefined => xs?.[0];

interface Dc {
  creators?: string[];
  creator?: string;
  dates?: string[];
  date?: string;
}
interface AnyEntry {
  id?: string;
  guid?: { value?: string } | string;
  link?: string;
  links?: { href?: string; rel?: string }[];
  url?: string;
  title?: Text;
  description?: Text;
  summary?: Text;
  content?: Text & { encoded?: string };
  content_html?: string;
  content_text?: string;
  pubDate?: string;
  published?: string;
  updated?: string;
  date_published?: string;
  date_modified?: string;
  authors?: (string | { name?: string; email?: string })[];
  author?: { name?: string };
  dc?: Dc;
  rdf?: { about?: string };
  atom?: { updated?: string };
}

const authorName = (a: string | { name?: string; email?: string } | undefined): string | undefined =>
  typeof a === 'string' ? a : (a?.name ?? a?.email);

const normalise = (e: AnyEntry): FeedEntry => {
  const guid = typeof e.guid === 'string' ? e.guid : e.guid?.value;
  const alternate = e.links?.find((l) => l.rel === undefined || l.rel === 'alternate')?.href ?? first(e.links)?.href;
  return {
    guid: text(guid) ?? text(e.id) ?? text(e.rdf?.about),
    link: text(e.link) ?? text(e.url) ?? text(alternate),
    title: text(e.title),
    body: text(e.content?.encoded) ?? text(e.content) ?? text(e.content_html) ?? text(e.content_text) ?? text(e.description) ?? text(e.summary),
    date: text(e.pubDate) ?? text(e.published) ?? text(e.date_published) ?? text(first(e.dc?.dates)) ?? text(e.dc?.date) ?? text(e.updated) ?? text(e.date_modified) ?? text(e.atom?.updated),
    author: text(authorName(first(e.authors))) ?? text(e.author?.name) ?? text(first(e.dc?.creators)) ?? text(e.dc?.creator),
    raw: e,
  };
};

/** Why a document is not a feed, in words a user can act on. */
const notAFeed = (doc: string, reason: string): Error => {
  const head = doc.slice(0, 2000);
  if (/<html[\s>]|<head[\s>]|<body[\s>]|<!doctype html/i.test(head)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1];
    return new Error(`it is an HTML page${title ? ` ("${oneLine(title)}")` : ''}, not a feed`);
  }
  return new Error(`it is not an RSS, RDF, Atom or JSON feed (${reason})`);
};

/** A document with item or entry elements, for when feedsmith found none (they may sit where it does not look). */
const mentionsEntries = (doc: string): boolean => /<(?:[\w.-]+:)?(?:item|entry)[\s>]/.test(doc);

/**
 * Parses RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed text with feedsmith (ADR 0008); throws an Error
 * naming why it is not a feed. First a DTD's internal entities are expanded and unclosed CDATA
 * sections closed in XML (`repair.ts`; both leave other documents as they are). When feedsmith
 * rejects the document (an empty feed, a stray `<`, …), finds no entries in one that has
 * some, or the feed is Atom 0.3, the lenient reader (`lenient.parse.ts`) reads it instead.
 */
export const parseFeedDocument = (input: string): ParsedFeed => {
  const doc = /^\s*</.test(input) ? closeUnclosedCdata(expandDoctypeEntities(input)) : input;
  if (isAtom03(doc)) {
    const lenient = parseFeedLeniently(doc);
    if (lenient) return lenient;
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(doc);
  } catch (err) {
    const lenient = parseFeedLeniently(doc);
    if (lenient) return lenient;
    throw notAFeed(doc, (err as Error).message);
  }
  const feed = parsed.feed as { title?: Text; items?: AnyEntry[]; entries?: AnyEntry[] };
  const entries = (parsed.format === 'atom' ? feed.entries : feed.items) ?? [];
  if (entries.length === 0 && parsed.format !== 'json' && mentionsEntries(doc)) {
    const lenient = parseFeedLeniently(doc);
    if (lenient && lenient.entries.length > 0) return lenient;
  }
  return { format: parsed.format, title: text(feed.title), entries: entries.map(normalise) };
};
