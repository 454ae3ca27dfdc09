import { upstreamBadResponse } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { issuesLine, keepValid, parseJsonBody, unitsSource } from '../shared/run-queries.js';
import { createSourceHttp, type SourceHttpDeps } from '../shared/source-http.js';
import { readWatermarked, type WatermarkPage } from '../shared/watermark-pages.js';
import type { Watermark } from '../shared/watermark.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { defineSource } from '../source.descriptor.js';
import { hackernewsConfigSchema, type HackernewsConfig, type HnQuery } from './hackernews.config.js';
import { hnHitSchema, hnSearchResponseSchema, mapHnHit, type HnHit } from './map.js';

export const HN_SEARCH_PATH = '/api/v1/search_by_date';
const LABEL = 'Hacker News search';

const tagsParam = (tags: HnQuery['tags']): string => (tags === 'both' ? '(story,comment)' : tags);

/**
 * Hacker News through Algolia `search_by_date` (newest first), one cursor per named query: a
 * `created_at_i` watermark (shared/watermark.ts). The run asks for `created_at_i>=<watermark>`,
 * pages until a page is short or `maxPages`, and commits the new watermark with its last batch.
 */
export const createHackernewsSource = (cfg: HackernewsConfig, deps: SourceHttpDeps): Source => {
  const http = createSourceHttp('hackernews', LABEL, cfg, deps, {
    limitedWaitMs: () => undefined,
  });
  const base = cfg.baseUrl.replace(/\/+$/, '');

  const getPage = async (q: HnQuery, w: Watermark | undefined, page: number, signal?: AbortSignal) => {
    const params = new URLSearchParams({ query: q.query, tags: tagsParam(q.tags), hitsPerPage: String(cfg.hitsPerPage), page: String(page) });
    if (w !== undefined) params.set('numericFilters', `created_at_i>=${Math.floor(w.at / 1000)}`);
    const res = await http.request({ url: `${base}${HN_SEARCH_PATH}?${params.toString()}`, headers: { accept: 'application/json' }, signal });
    const parsed = hnSearchResponseSchema.safeParse(parseJsonBody(LABEL, res.body));
    if (!parsed.success) throw upstreamBadResponse(`${LABEL} returned an unexpected shape (${issuesLine(parsed.error.issues)})`);
    return parsed.data;
  };

  const fetchQuery = (q: HnQuery, ctx: FetchContext, log: Logger): AsyncIterable<FetchBatch> => {
    const readPage = async (start: Watermark | undefined, page: number): Promise<WatermarkPage<HnHit>> => {
      const body = await getPage(q, start, page, ctx.signal);
      const hits = keepValid(hnHitSchema, body.hits, (problem) => log.warn({ query: q.name, problem }, 'skipped a malformed hackernews hit'));
      const more = body.hits.length >= cfg.hitsPerPage && (body.nbPages === undefined || page + 1 < body.nbPages);
      return { entries: hits.map((h) => ({ at: h.created_at_i * 1000, id: h.objectID, entry: h })), more };
    };
    const map = (h: HnHit, fetchedAt: string) => mapHnHit(h, { queryName: q.name, fetchedAt });
    return readWatermarked({ key: q.name, source: 'hackernews', unit: { query: q.name }, maxPages: cfg.maxPages, stopAtSeen: false, clock: deps.clock, readPage, map }, ctx, log);
  };

  return unitsSource('hackernews', cfg.queries, fetchQuery);
};

/** Hacker News: on when switched on with at least one query. */
export const hackernewsSource = defineSource('hackernews', hackernewsConfigSchema, createHackernewsSource, (cfg) => cfg.enabled && cfg.queries.length > 0);
