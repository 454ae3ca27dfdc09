import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { HttpResponse } from '../../platform/http.js';
import { issuesLine, parseJsonBody, runEach } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, resetInSecondsMs, statusLabel, type SourceHttpDeps } from '../shared/source-http.js';
import { advanceWatermark, decodeWatermark, encodeWatermark, seenBy, watermarkMoved } from '../shared/watermark.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { mapRedditPost, redditListingResponseSchema, redditPostSchema, type RedditPost } from './map.js';
import type { RedditConfig, RedditListing } from './reddit.config.js';

const LABEL = 'Reddit';

/** Reddit sends `x-ratelimit-remaining` (a float) and `x-ratelimit-reset` (seconds until the window resets). */
const exhaustedWaitMs = (res: HttpResponse): number | undefined => {
  const remaining = Number(res.headers['x-ratelimit-remaining'] ?? Number.NaN);
  return Number.isFinite(remaining) && remaining < 1 ? resetInSecondsMs(res.headers['x-ratelimit-reset']) : undefined;
};

const tokenSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().optional() });

/** Path (without host) of a listing: `/r/<sub>/new`, `/r/<sub>/search` or `/search`. */
export const listingPath = (l: RedditListing, json: boolean): string => {
  const ext = json ? '.json' : '';
  if (l.query === undefined) return `/r/${l.subreddit ?? ''}/new${ext}`;
  return l.subreddit === undefined ? `/search${ext}` : `/r/${l.subreddit}/search${ext}`;
};

/**
 * Reddit listings newest first (SPEC 2.1). OAuth app-only (client credentials) when an id and
 * secret are configured, the public JSON otherwise; a descriptive User-Agent, `raw_json=1`, at most
 * one request per `minIntervalMs`, and a wait when `x-ratelimit-remaining` runs out. The cursor per
 * listing is a `created_utc` watermark with the ids seen at that instant; pages are read with
 * `after` until a post already seen, a short page, or `maxPages`.
 */
export const createRedditSource = (cfg: RedditConfig, deps: SourceHttpDeps): Source => {
  const secrets = [cfg.clientSecret];
  let accessToken: { value: string; expiresAt: number } | undefined;
  const http = createSourceHttp(
    'reddit',
    LABEL,
    cfg,
    deps,
    { limitedWaitMs: (res) => (res.status === 429 ? (resetInSecondsMs(res.headers['x-ratelimit-reset']) ?? 60_000) : undefined), exhaustedWaitMs },
    secrets,
  );
  const oauth = cfg.clientId !== undefined && cfg.clientSecret !== undefined;
  const base = (oauth ? cfg.oauthBaseUrl : cfg.baseUrl).replace(/\/+$/, '');

  const token = async (signal?: AbortSignal): Promise<string> => {
    const now = deps.clock.now().getTime();
    if (accessToken && accessToken.expiresAt > now + 60_000) return accessToken.value;
    const basic = Buffer.from(`${cfg.clientId ?? ''}:${cfg.clientSecret ?? ''}`).toString('base64');
    secrets.push(basic);
    try {
      const res = await http.request({
        method: 'POST',
        url: cfg.tokenUrl,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': cfg.userAgent, accept: 'application/json' },
        body: 'grant_type=client_credentials',
        signal,
      });
      const parsed = tokenSchema.safeParse(parseJsonBody(`${LABEL} token endpoint`, res.body));
      if (!parsed.success) {
        const why = (res.body.includes('invalid_grant') || res.body.includes('unauthorized')) ? 'credentials refused' : issuesLine(parsed.error.issues);
        throw new AppError('UPSTREAM_REJECTED', `Reddit did not issue an access token (${why}); check reddit.clientId and reddit.clientSecret`, { status: 401 });
      }
      secrets.push(parsed.data.access_token);
      accessToken = { value: parsed.data.access_token, expiresAt: now + (parsed.data.expires_in ?? 3600) * 1000 };
      return accessToken.value;
    } catch (err) {
      if (err instanceof RejectedError && (err.httpStatus === 401 || err.httpStatus === 403)) {
        throw new AppError('UPSTREAM_REJECTED', `Reddit rejected the client id/secret (${statusLabel(err.httpStatus)}); check reddit.clientId and reddit.clientSecret`, { status: 401 });
      }
      throw err;
    }
  };

  const getPage = async (l: RedditListing, after: string | undefined, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: String(cfg.limit), raw_json: '1' });
    if (l.query !== undefined) {
      params.set('q', l.query);
      params.set('sort', 'new');
      if (l.subreddit !== undefined) params.set('restrict_sr', '1');
    }
    if (after !== undefined) params.set('after', after);
    const url = `${base}${listingPath(l, !oauth)}?${params.toString()}`;
    const send = async (): Promise<HttpResponse> => {
      const headers: Record<string, string> = { 'user-agent': cfg.userAgent, accept: 'application/json' };
      if (oauth) headers.authorization = `Bearer ${await token(signal)}`;
      return http.request({ url, headers, signal });
    };
    let res: HttpResponse;
    try {
      try {
        res = await send();
      } catch (err) {
        // an app-only token can expire or be revoked mid-run: fetch a new one once
        if (!(oauth && err instanceof RejectedError && err.httpStatus === 401)) throw err;
        accessToken = undefined;
        res = await send();
      }
    } catch (err) {
      if (err instanceof RejectedError && (err.httpStatus === 401 || err.httpStatus === 403)) {
        const what = err.httpStatus === 401 ? 'Reddit rejected our access token' : `Reddit refused access to listing "${l.name}" (private, quarantined or banned?)`;
        throw new AppError('UPSTREAM_REJECTED', `${what} (${statusLabel(err.httpStatus)})`, { status: err.httpStatus === 401 ? 401 : 404 });
      }
      throw err;
    }
    const parsed = redditListingResponseSchema.safeParse(parseJsonBody(LABEL, res.body));
    if (!parsed.success) throw new AppError('UPSTREAM_BAD_RESPONSE', `${LABEL} returned something other than a listing (${issuesLine(parsed.error.issues)})`);
    return parsed.data.data;
  };

  async function* fetchListing(l: RedditListing, ctx: FetchContext, log: Logger): AsyncGenerator<FetchBatch> {
    const stored = await ctx.getCursor(l.name);
    const start = decodeWatermark(stored);
    if (stored !== undefined && start === undefined) log.warn({ listing: l.name }, 'unreadable reddit cursor; starting over');
    let mark = start;
    let after: string | undefined;
    for (let page = 1; page <= cfg.maxPages; page++) {
      const data = await getPage(l, after, ctx.signal);
      const posts: RedditPost[] = [];
      for (const child of data.children) {
        if (child.kind !== 't3') continue;
        const post = redditPostSchema.safeParse(child.data);
        if (post.success) posts.push(post.data);
        else log.warn({ listing: l.name, problem: issuesLine(post.error.issues) }, 'skipped a malformed reddit post');
      }
      const at = (p: RedditPost): number => Math.round(p.created_utc * 1000);
      const fresh = posts.filter((p) => !seenBy(start, at(p), p.name));
      const reachedSeen = fresh.length < posts.length;
      mark = advanceWatermark(mark, fresh.map((p) => ({ at: at(p), id: p.name })));
      const fetchedAt = deps.clock.now().toISOString();
      const items = fresh.map((p) => mapRedditPost(p, { queryName: l.name, fetchedAt }));
      after = data.after ?? undefined;
      if (reachedSeen || after === undefined || page === cfg.maxPages) {
        if (!reachedSeen && after !== undefined && start !== undefined) log.warn({ listing: l.name, maxPages: cfg.maxPages }, 'reddit listing has more new posts than maxPages; older ones are skipped');
        if (items.length > 0 || watermarkMoved(start, mark)) yield { items, cursor: mark ? { key: l.name, value: encodeWatermark(mark) } : undefined };
        return;
      }
      if (items.length > 0) yield { items };
    }
  }

  return {
    name: 'reddit',
    fetch(ctx) {
      const log = ctx.log.child({ source: 'reddit' });
      return runEach('reddit', cfg.listings, log, ctx.signal, (l) => fetchListing(l, ctx, log));
    },
  };
};
