import type { Logger } from '../../observability/logger.js';
import { unitsSource } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, type SourceHttpDeps } from '../shared/source-http.js';
import { readWatermarked, type WatermarkPage } from '../shared/watermark-pages.js';
import { defineSource } from '../source.descriptor.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { arxivConfigSchema, type ArxivConfig, type ArxivQuery } from './arxiv.config.js';
import { mapArxivEntry, parseArxivFeed, type ArxivEntry } from './map.js';

export const ARXIV_QUERY_PATH = '/api/query';

/** `search_query` of a configured query: the query, `cat:<category>`, or both joined by AND. */
export const arxivSearchQuery = (q: ArxivQuery): string => {
  const parts = [q.query && q.category ? `(${q.query})` : q.query, q.category ? `cat:${q.category}` : undefined].filter((p): p is string => p !== undefined);
  return parts.join(' AND ');
};

/**
 * arXiv export API (SPEC 2.1): per named query, newest submissions first
 * (`sortBy=submittedDate&sortOrder=descending`), paged with `start` until a paper already seen, a
 * short page or `maxPages`; the cursor is a `published` watermark. At most one request per
 * `minIntervalMs` (≥ 3 s). An error arXiv answers as an Atom feed is an error, never an item.
 */
export const createArxivSource = (cfg: ArxivConfig, deps: SourceHttpDeps): Source => {
  const http = createSourceHttp('arxiv', 'arXiv', cfg, deps, { limitedWaitMs: () => undefined });
  const base = cfg.baseUrl.replace(/\/+$/, '');

  /** The Atom text of a response; a 4xx that carries arXiv's Atom error becomes that error's message. */
  const getFeed = async (url: string, signal?: AbortSignal): Promise<string> => {
    try {
      return (await http.request({ url, headers: { accept: 'application/atom+xml' }, signal })).body;
    } catch (err) {
      if (err instanceof RejectedError && err.body.includes('arxiv.org/api/errors')) parseArxivFeed(err.body);
      throw err;
    }
  };

  const fetchQuery = (q: ArxivQuery, ctx: FetchContext, log: Logger): AsyncIterable<FetchBatch> => {
    const readPage = async (_start: unknown, page: number): Promise<WatermarkPage<ArxivEntry>> => {
      const params = new URLSearchParams({
        search_query: arxivSearchQuery(q),
        sortBy: 'submittedDate',
        sortOrder: 'descending',
        start: String(page * cfg.maxResults),
        max_results: String(cfg.maxResults),
      });
      const { entries, totalResults } = parseArxivFeed(await getFeed(`${base}${ARXIV_QUERY_PATH}?${params.toString()}`, ctx.signal));
      const exhausted = entries.length < cfg.maxResults || (totalResults !== undefined && (page + 1) * cfg.maxResults >= totalResults);
      return { entries: entries.map((e) => ({ at: Date.parse(e.published), id: e.arxivId, entry: e })), more: !exhausted };
    };
    const map = (e: ArxivEntry, fetchedAt: string) => mapArxivEntry(e, { queryName: q.name, fetchedAt });
    return readWatermarked({ key: q.name, source: 'arxiv', unit: { query: q.name }, maxPages: cfg.maxPages, stopAtSeen: true, clock: deps.clock, readPage, map }, ctx, log);
  };

  return unitsSource('arxiv', cfg.queries, fetchQuery);
};

/** arXiv: on when switched on with at least one query. */
export const arxivSource = defineSource('arxiv', arxivConfigSchema, createArxivSource, (cfg) => cfg.enabled && cfg.queries.length > 0);
