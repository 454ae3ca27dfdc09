import { parseFeed } from 'feedsmith';
import { upstreamBadResponse, upstreamRejected } from '../../domain/errors.js';
import { contentHash } from '../../domain/content-hash.js';
import type { NewItem } from '../../domain/item.js';
import { oneLine } from '../shared/html-text.js';

/** One paper as we keep it from an Atom entry. */
export interface ArxivEntry {
  /** Without version: `2202.12139`, `astro-ph/0601001`. */
  arxivId: string;
  version: string | null;
  title: string;
  summary: string;
  published: string;
  updated: string | null;
  url: string;
  authors: string[];
  categories: string[];
  raw: unknown;
}

export interface ArxivPage {
  entries: ArxivEntry[];
  totalResults: number | undefined;
}

const ID_RE = /arxiv\.org\/abs\/(.+?)(v(\d+))?$/;
const ERROR_ID_RE = /arxiv\.org\/api\/errors/;

type Text = string | { value?: string } | undefined;
const textOf = (t: Text): string => (typeof t === 'string' ? t : (t?.value ?? ''));

/**
 * Parses an export-API response. An error answered as an Atom feed (one entry whose id is under
 * `arxiv.org/api/errors`) throws UPSTREAM_REJECTED with arXiv's message; anything that is not an
 * Atom feed throws UPSTREAM_BAD_RESPONSE.
 */
export const parseArxivFeed = (xml: string): ArxivPage => {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(xml);
  } catch (err) {
    throw upstreamBadResponse(`arXiv returned something other than an Atom feed (${(err as Error).message}; starts with ${JSON.stringify(xml.slice(0, 40))})`);
  }
  if (parsed.format !== 'atom') throw upstreamBadResponse(`arXiv returned a ${parsed.format} feed, expected Atom`);
  const feed = parsed.feed as { entries?: unknown[]; opensearch?: { totalResults?: number } };
  const entries: ArxivEntry[] = [];
  for (const e of feed.entries ?? []) {
    const entry = e as { id?: string; title?: Text; summary?: Text; published?: string; updated?: string; links?: { href?: string; rel?: string }[]; authors?: { name?: string }[]; categories?: { term?: string }[] };
    const id = entry.id ?? '';
    if (ERROR_ID_RE.test(id)) throw upstreamRejected(`arXiv rejected the query: ${oneLine(textOf(entry.summary)) || oneLine(textOf(entry.title))}`);
    const m = ID_RE.exec(id);
    const published = entry.published ? Date.parse(entry.published) : Number.NaN;
    if (!m?.[1] || Number.isNaN(published)) continue;
    const alternate = entry.links?.find((l) => l.rel === 'alternate' || l.rel === undefined)?.href;
    entries.push({
      arxivId: m[1],
      version: m[3] ?? null,
      title: oneLine(textOf(entry.title)),
      summary: oneLine(textOf(entry.summary)),
      published: new Date(published).toISOString(),
      updated: entry.updated && !Number.isNaN(Date.parse(entry.updated)) ? new Date(Date.parse(entry.updated)).toISOString() : null,
      url: alternate ?? `https://arxiv.org/abs/${m[1]}`,
      authors: (entry.authors ?? []).map((a) => oneLine(a.name ?? '')).filter((n) => n !== ''),
      categories: (entry.categories ?? []).map((c) => c.term ?? '').filter((t) => t !== ''),
      raw: e,
    });
  }
  return { entries, totalResults: feed.opensearch?.totalResults };
};

/** A paper → NewItem. The id has no version, so a new version updates the item (and re-analyses it if the abstract changed). */
export const mapArxivEntry = (e: ArxivEntry, ctx: { queryName: string; fetchedAt: string }): NewItem => {
  const [first] = e.authors;
  const more = e.authors.length > 1 ? ` et al. (${e.authors.length} authors)` : '';
  return {
    source: 'arxiv',
    externalId: e.arxivId,
    url: e.url,
    author: { id: null, handle: null, name: first === undefined ? null : `${first}${more}`, followers: null },
    title: e.title,
    text: e.summary,
    lang: null,
    createdAt: e.published,
    fetchedAt: ctx.fetchedAt,
    metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0 },
    queries: [ctx.queryName],
    contentHash: contentHash(e.title, e.summary),
    raw: e.raw,
  };
};
