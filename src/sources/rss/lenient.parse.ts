import type { FeedEntry, ParsedFeed } from './parse.js';
import { charData, elementsOf, findAll, innerMarkup, parseXmlTree, type XmlElement } from './xml-tree.js';

/** A vocabulary: the namespace URIs of its elements, and the prefix feeds use when they forget to declare it. */
interface Vocab {
  uris: ReadonlySet<string>;
  prefix: string;
}
const normaliseNs = (uri: string): string => uri.trim().toLowerCase().replace(/^https:/, 'http:').replace(/\/$/, '');
const vocab = (prefix: string, ...uris: string[]): Vocab => ({ prefix, uris: new Set(uris.map(normaliseNs)) });

const ATOM03 = 'http://purl.org/atom/ns#';
const ATOM = vocab('atom', 'http://www.w3.org/2005/Atom', ATOM03);
/** Inside an Atom feed a feed that declares no namespace at all is still read. */
const ATOM_OR_NONE = vocab('', 'http://www.w3.org/2005/Atom', ATOM03, '');
const RSS = vocab('', '', 'http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/', 'http://backend.userland.com/rss2', 'http://blogs.law.harvard.edu/tech/rss');
const DC = vocab('dc', 'http://purl.org/dc/elements/1.1/', 'http://purl.org/dc/elements/1.0/');
const CONTENT = vocab('content', 'http://purl.org/rss/1.0/modules/content/');

const inVocab = (el: XmlElement, v: Vocab): boolean => (el.ns === undefined ? el.prefix === v.prefix : v.uris.has(normaliseNs(el.ns)));
const child = (el: XmlElement | undefined, local: string, v: Vocab): XmlElement | undefined =>
  el === undefined ? undefined : elementsOf(el).find((c) => c.local === local && inVocab(c, v));

const nonEmpty = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
};

/** An element's value: its text, or its markup when an ill-formed feed left HTML unescaped in it. */
const value = (el: XmlElement | undefined): string | undefined => {
  if (el === undefined) return undefined;
  return nonEmpty(elementsOf(el).length === 0 ? charData(el) : innerMarkup(el));
};

/** Atom text constructs, 1.0 (`type` text/html/xhtml) and 0.3 (`mode` xml/escaped/base64). */
const atomText = (el: XmlElement | undefined): string | undefined => {
  if (el === undefined) return undefined;
  const mode = el.attrs.mode?.trim().toLowerCase();
  if (mode === 'base64') return nonEmpty(Buffer.from(charData(el).replace(/\s+/g, ''), 'base64').toString('utf8'));
  if (mode === 'escaped') return nonEmpty(charData(el));
  const kids = elementsOf(el);
  const textOutside = el.children.some((c) => typeof c === 'string' && c.trim() !== '');
  const only = kids[0];
  if (kids.length === 1 && only?.local === 'div' && !textOutside) return nonEmpty(innerMarkup(only));
  return value(el);
};

/** `email (Name)` and `Name <email>` → Name, as feedsmith reads RSS `<author>`. */
const personName = (raw: string | undefined): string | undefined => {
  if (raw === undefined) return undefined;
  const name = /^[^\s()<>]+@[^\s()<>]+\s*\(([^)]+)\)$/.exec(raw)?.[1] ?? /^([^<>]+?)\s*<[^\s<>]+@[^\s<>]+>$/.exec(raw)?.[1];
  return nonEmpty(name) ?? raw;
};

/** The entry's child elements by tag name (first occurrence), kept as the item's raw record. */
const rawOf = (el: XmlElement): Record<string, string> => {
  const raw: Record<string, string> = {};
  for (const c of elementsOf(el)) if (!(c.name in raw)) raw[c.name] = value(c) ?? c.attrs.href ?? '';
  return raw;
};

const rssEntry = (item: XmlElement): FeedEntry => {
  const atomLinks = elementsOf(item).filter((c) => c.local === 'link' && inVocab(c, ATOM));
  return {
    guid: value(child(item, 'guid', RSS)) ?? nonEmpty(item.attrs['rdf:about'] ?? item.attrs.about),
    link: value(child(item, 'link', RSS)) ?? nonEmpty((atomLinks.find((l) => (l.attrs.rel ?? 'alternate') === 'alternate') ?? atomLinks[0])?.attrs.href),
    title: value(child(item, 'title', RSS)),
    body: value(child(item, 'encoded', CONTENT)) ?? value(child(item, 'description', RSS)),
    date: value(child(item, 'pubdate', RSS)) ?? value(child(item, 'date', DC)) ?? value(child(item, 'updated', ATOM)),
    author: personName(value(child(item, 'author', RSS))) ?? value(child(item, 'creator', DC)),
    raw: rawOf(item),
  };
};

const atomEntry = (entry: XmlElement): FeedEntry => {
  const get = (local: string): XmlElement | undefined => child(entry, local, ATOM_OR_NONE);
  const links = elementsOf(entry).filter((c) => c.local === 'link' && inVocab(c, ATOM_OR_NONE));
  const alternate = links.find((l) => (l.attrs.rel ?? 'alternate') === 'alternate') ?? links[0];
  const author = get('author');
  const dates = ['published', 'issued', 'created'].map((d) => value(get(d)));
  return {
    guid: value(get('id')),
    link: nonEmpty(alternate?.attrs.href) ?? value(alternate),
    title: atomText(get('title')),
    body: atomText(get('content')) ?? atomText(get('summary')),
    date: dates.find((d) => d !== undefined) ?? value(child(entry, 'date', DC)) ?? value(get('updated')) ?? value(get('modified')),
    author: value(child(author, 'name', ATOM_OR_NONE)) ?? value(child(author, 'email', ATOM_OR_NONE)) ?? value(child(entry, 'creator', DC)),
    raw: rawOf(entry),
  };
};

const FORMATS: Record<string, ParsedFeed['format']> = { rss: 'rss', channel: 'rss', rdf: 'rdf', feed: 'atom' };

/**
 * The fallback reader (ADR 0008): htmlparser2's forgiving XML mode, then RSS 0.9x/2.0, RSS 1.0/RDF and Atom 1.0/0.3 (with `mode="escaped"`/`"base64"`) read into
 * the same `ParsedFeed` feedsmith's output becomes. Undefined when the document's root is not a
 * feed's (an HTML page, say). A feed with no entries is a feed with no entries.
 */
export const parseFeedLeniently = (doc: string): ParsedFeed | undefined => {
  const root = parseXmlTree(doc).find((el) => el.local in FORMATS);
  const format = root === undefined ? undefined : FORMATS[root.local];
  if (root === undefined || format === undefined) return undefined;
  if (format === 'atom') return { format, title: atomText(child(root, 'title', ATOM_OR_NONE)), entries: findAll(root, 'entry').map(atomEntry) };
  const channel = root.local === 'channel' ? root : child(root, 'channel', RSS);
  return { format, title: value(child(channel, 'title', RSS)), entries: findAll(root, 'item').map(rssEntry) };
};

/** True when the document's root is an Atom 0.3 `<feed>`, which feedsmith reads without 0.3's `mode`. */
export const isAtom03 = (doc: string): boolean => /<(?:[\w.-]+:)?feed\b[^>]*purl\.org\/atom\/ns#/.test(doc.slice(0, 4096));
