import type { Logger } from '../../observability/logger.js';
import { runEach } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, type SourceHttpDeps } from '../shared/source-http.js';
import { advanceWatermark, decodeWatermark, encodeWatermark, seenBy, watermarkMoved } from '../shared/watermark.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import type { ArxivConfig, ArxivQuery } from './arxiv.config.js';
import { mapArxivEntry, parseArxivFeed } from './map.js';

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

  async function* fetchQuery(q: ArxivQuery, ctx: FetchContext, log: Logger): AsyncGenerator<FetchBatch> {
    const stored = await ctx.getCursor(q.name);
    const start = decodeWatermark(stored);
    if (stored !== undefined && start === undefined) log.warn({ query: q.name }, 'unreadable arxiv cursor; starting over');
    let mark = start;
    for (let page = 0; page < cfg.maxPages; page++) {
      const params = new URLSearchParams({
        search_query: arxivSearchQuery(q),
        sortBy: 'submittedDate',
        sortOrder: 'descending',
        start: String(page * cfg.maxResults),
        max_results: String(cfg.maxResults),
      });
      const body = await getFeed(`${base}${ARXIV_QUERY_PATH}?${params.toString()}`, ctx.signal);
      const { entries, totalResults } = parseArxivFeed(body);
      const timed = entries.map((e) => ({ e, at: Date.parse(e.published), id: e.arxivId }));
      const fresh = timed.filter((t) => !seenBy(start, t.at, t.id));
      mark = advanceWatermark(mark, fresh);
      const fetchedAt = deps.clock.now().toISOString();
      const items = fresh.map((t) => mapArxivEntry(t.e, { queryName: q.name, fetchedAt }));
      const exhausted = entries.length < cfg.maxResults || (totalResults !== undefined && (page + 1) * cfg.maxResults >= totalResults);
      if (fresh.length < timed.length || exhausted || page + 1 === cfg.maxPages) {
        if (items.length > 0 || watermarkMoved(start, mark)) yield { items, cursor: mark ? { key: q.name, value: encodeWatermark(mark) } : undefined };
        return;
      }
      if (items.length > 0) yield { items };
    }
  }

  return {
    name: 'arxiv',
    fetch(ctx) {
      const log = ctx.log.child({ source: 'arxiv' });
      return runEach('arxiv', cfg.queries, log, ctx.signal, (q) => fetchQuery(q, ctx, log));
    },
  };
};
