import { z } from 'zod';
import type { AppError} from '../../domain/errors.js';
import { configError, upstreamBadResponse, upstreamRejected } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { parseRetryAfter, type HttpResponse } from '../../platform/http.js';
import { SourceWideError, unitsSource } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, redactor, statusLabel, type SourceHttpDeps } from '../shared/source-http.js';
import { defineSource } from '../source.descriptor.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { mapXSearchResponse, newestTweetId, parseXSearchBody, type XSearchResponse } from './map.js';
import { xConfigSchema, type XConfig, type XQuery } from './x.config.js';

export const X_SEARCH_PATH = '/2/tweets/search/recent';
export const X_TWEET_FIELDS = 'created_at,public_metrics,lang,author_id,conversation_id';
export const X_USER_FIELDS = 'username,name,public_metrics';
const LABEL = 'X recent search';

/**
 * Per-query cursor. `pending` is set only between pages of one run: X returns newest first, so the
 * new `sinceId` (the first page's newest id) is committed with the last page, never before.
 */
export interface XCursor {
  sinceId?: string;
  pending?: { newestId: string; nextToken: string };
}

const numericId = z.string().regex(/^[0-9]{1,19}$/);
const cursorSchema = z.object({
  sinceId: numericId.optional(),
  pending: z.object({ newestId: numericId, nextToken: z.string().min(1) }).optional(),
});

export const encodeXCursor = (c: XCursor): string =>
  JSON.stringify({ sinceId: c.sinceId, pending: c.pending && { newestId: c.pending.newestId, nextToken: c.pending.nextToken } });

/** Decodes a stored cursor; a bare numeric id is read as `{ sinceId }`; anything else is undefined. */
export const decodeXCursor = (value: string | undefined): XCursor | undefined => {
  if (value === undefined || value === '') return {};
  if (numericId.safeParse(value).success) return { sinceId: value };
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** The query as sent: `(<q>) lang:<lang>` when a lang is configured and the query has no `lang:`. */
export const buildXQuery = (q: Pick<XQuery, 'query' | 'lang'>): string =>
  q.lang === undefined || /(^|[\s(])-?lang:/i.test(q.query) ? q.query : `(${q.query}) lang:${q.lang}`;

type Rejected = { kind: 'rejected'; status: number; detail: string; body: string };
type PageResult = { kind: 'ok'; page: XSearchResponse } | Rejected;

/** Where one query's run stands between pages. */
interface QueryState {
  sinceId: string | undefined;
  nextToken: string | undefined;
  /** The newest id of this run (first page's), committed as since_id with the last page. */
  newestId: string | undefined;
  /** The next request uses a next_token read from a saved cursor (it may have expired). */
  resumedToken: boolean;
  sinceIdDropped: boolean;
}

/**
 * After a page: the run's newest id, the cursor to commit with the page and the token of the next
 * page (undefined when this page is the run's last). Only the last page moves since_id.
 */
const advance = (s: QueryState, page: XSearchResponse, itemCount: number, atMaxPages: boolean) => {
  const newestId = s.newestId ?? newestTweetId(page);
  const more = newestId !== undefined && itemCount > 0 ? page.meta?.next_token : undefined;
  if (newestId === undefined || more === undefined || atMaxPages) {
    const cursor: XCursor = { sinceId: newestId ?? s.sinceId };
    return { newestId, cursor, nextToken: undefined, truncated: more !== undefined };
  }
  const cursor: XCursor = { sinceId: s.sinceId, pending: { newestId, nextToken: more } };
  return { newestId, cursor, nextToken: more, truncated: false };
};

/** Milliseconds to wait after a 429: Retry-After, else the latest exhausted window's reset + 1 s. */
export const rateLimitWaitMs = (headers: Record<string, string>, now: Date): number | undefined => {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter * 1000;
  const windows = ['x-rate-limit', 'x-app-limit-24hour', 'x-user-limit-24hour'];
  const resets = (onlyExhausted: boolean): number[] =>
    windows
      .filter((w) => !onlyExhausted || headers[`${w}-remaining`] === '0')
      .map((w) => Number(headers[`${w}-reset`] ?? Number.NaN))
      .filter((r) => Number.isFinite(r) && r > 0);
  const exhausted = resets(true);
  const candidates = exhausted.length > 0 ? exhausted : resets(false).slice(0, 1);
  if (candidates.length === 0) return undefined;
  return Math.max(0, Math.max(...candidates) * 1000 - now.getTime()) + 1000;
};

/** `detail`/`title` and `errors[].message` of an X error body, trimmed; the raw start otherwise. */
const problemDetail = (body: string): string => {
  let text = body.slice(0, 200);
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null) {
      const { detail, title, errors } = json as { detail?: unknown; title?: unknown; errors?: unknown };
      const messages = Array.isArray(errors) ? errors.slice(0, 2).map((e: { message?: unknown } | null) => e?.message) : [];
      text = [detail ?? title, ...messages].filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
    }
  } catch {
    // not JSON: keep the start of the body
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
};

/**
 * X recent search (SPEC 2.1): one cursor per named query; see README.md for the cursor and errors.
 * Requests go through the shared source HTTP behaviour (spacing, size cap, retries, 429 waits on
 * Retry-After or the exhausted window's reset); a 4xx comes back here to be interpreted.
 */
export const createXSource = (cfg: XConfig, deps: SourceHttpDeps): Source => {
  const token = cfg.bearerToken;
  if (token === undefined || token === '') throw configError('the x source needs a bearer token (x.bearerToken)');
  const endpoint = `${cfg.baseUrl.replace(/\/+$/, '')}${X_SEARCH_PATH}`;
  const redact = redactor([token]);
  const http = createSourceHttp('x', LABEL, cfg, deps, { limitedWaitMs: (res, now) => (res.status === 429 ? rateLimitWaitMs(res.headers, now) : undefined) }, [token]);

  /** GET one page: a 2xx is parsed, a 4xx other than 429 is returned for the caller to interpret. */
  const getPage = async (params: URLSearchParams, signal: AbortSignal | undefined): Promise<PageResult> => {
    let res: HttpResponse;
    try {
      res = await http.request({ url: `${endpoint}?${params.toString()}`, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal });
    } catch (err) {
      if (!(err instanceof RejectedError)) throw err;
      return { kind: 'rejected', status: err.upstreamStatus, detail: redact(problemDetail(err.body)), body: err.body };
    }
    const parsed = parseXSearchBody(res.body);
    if (!parsed.ok) throw upstreamBadResponse(redact(`${LABEL} returned a bad body (${res.status}): ${parsed.problem}`));
    return { kind: 'ok', page: parsed.value };
  };

  const rejectedError = (q: XQuery, r: Rejected): AppError => {
    const detail = r.detail === '' ? '' : `: ${r.detail}`;
    if (r.status === 401 || r.status === 403) {
      const what = r.status === 401 ? 'X rejected the bearer token' : 'X refused access to recent search';
      return new SourceWideError('UPSTREAM_REJECTED', `${what} (${statusLabel(r.status)})${detail}`, { upstreamStatus: r.status });
    }
    return upstreamRejected(`X rejected query "${q.name}" (${statusLabel(r.status)})${detail}`, { upstreamStatus: r.status });
  };

  const pageParams = (q: XQuery, s: QueryState): URLSearchParams => {
    const params = new URLSearchParams({
      query: buildXQuery(q),
      max_results: String(cfg.maxResults),
      'tweet.fields': X_TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': X_USER_FIELDS,
    });
    if (s.sinceId !== undefined) params.set('since_id', s.sinceId);
    if (s.nextToken !== undefined) params.set('next_token', s.nextToken);
    return params;
  };

  /** A 400 on a saved next_token or a stale since_id is recoverable once each; true when recovered. */
  const recover = (s: QueryState, r: Rejected, q: XQuery, log: Logger): boolean => {
    if (r.status !== 400) return false;
    if (s.resumedToken) {
      log.warn({ query: q.name, detail: r.detail }, 'x rejected the saved next_token; restarting from since_id');
      Object.assign(s, { resumedToken: false, nextToken: undefined, newestId: undefined });
      return true;
    }
    if (s.sinceId !== undefined && !s.sinceIdDropped && r.body.includes('since_id')) {
      log.warn({ query: q.name, detail: r.detail }, 'x rejected since_id (older than the search window?); searching without it');
      Object.assign(s, { sinceIdDropped: true, sinceId: undefined, nextToken: undefined, newestId: undefined });
      return true;
    }
    return false;
  };

  async function* fetchQuery(q: XQuery, ctx: FetchContext, log: Logger): AsyncGenerator<FetchBatch> {
    let cursor = decodeXCursor(await ctx.getCursor(q.name));
    if (cursor === undefined) {
      log.warn({ query: q.name }, 'unreadable x cursor; starting without since_id');
      cursor = {};
    }
    let committed = encodeXCursor(cursor);
    const s: QueryState = {
      sinceId: cursor.sinceId,
      nextToken: cursor.pending?.nextToken,
      newestId: cursor.pending?.newestId,
      resumedToken: cursor.pending !== undefined,
      sinceIdDropped: false,
    };
    for (let pages = 1; pages <= cfg.maxPages; ) {
      const result = await getPage(pageParams(q, s), ctx.signal);
      if (result.kind === 'rejected') {
        if (recover(s, result, q, log)) continue;
        throw rejectedError(q, result);
      }
      s.resumedToken = false;
      const { page } = result;
      if (page.errors?.length) {
        const errors = page.errors.slice(0, 5).map((e) => redact(JSON.stringify(e)).slice(0, 300));
        log.warn({ query: q.name, errors }, 'x returned partial errors; keeping the data');
      }
      const items = mapXSearchResponse(page, { queryName: q.name, fetchedAt: deps.clock.now().toISOString() });
      const step = advance(s, page, items.length, pages >= cfg.maxPages);
      s.newestId = step.newestId;
      if (step.truncated) log.warn({ query: q.name, maxPages: cfg.maxPages }, 'x query has more new results than maxPages; older ones are skipped');
      const value = encodeXCursor(step.cursor);
      if (items.length > 0 || value !== committed) {
        yield { items, cursor: { key: q.name, value } };
        committed = value;
      }
      if (step.nextToken === undefined) return;
      s.nextToken = step.nextToken;
      pages++;
    }
  }

  return unitsSource('x', cfg.queries, fetchQuery, { label: 'X', noun: 'queries' });
};

/** X: on when switched on with a bearer token (X_BEARER_TOKEN) and at least one query. */
export const xSource = defineSource('x', xConfigSchema, createXSource, (cfg) => cfg.enabled && cfg.bearerToken !== undefined && cfg.queries.length > 0, {
  env: [{ name: 'X_BEARER_TOKEN', key: 'bearerToken', secret: true }, { name: 'X_API_BASE_URL', key: 'baseUrl' }],
  offReason: (cfg) => cfg.enabled && cfg.queries.length > 0 && cfg.bearerToken === undefined ? 'X queries are configured but X_BEARER_TOKEN is not set: the x source is off' : undefined,
});
