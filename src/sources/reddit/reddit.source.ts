import { z } from 'zod';
import { upstreamBadResponse, upstreamRejected } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { HttpResponse } from '../../platform/http.js';
import { issuesLine, keepValid, parseJsonBody, SourceWideError, unitsSource } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, resetInSecondsMs, statusLabel, type SourceHttpDeps } from '../shared/source-http.js';
import { readWatermarked, type WatermarkPage } from '../shared/watermark-pages.js';
import { defineSource } from '../source.descriptor.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { mapRedditPost, redditListingResponseSchema, redditPostSchema, type RedditPost } from './map.js';
import { redditConfigSchema, type RedditConfig, type RedditListing } from './reddit.config.js';

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
        throw new SourceWideError('UPSTREAM_REJECTED', `Reddit did not issue an access token (${why}); check reddit.clientId and reddit.clientSecret`);
      }
      secrets.push(parsed.data.access_token);
      accessToken = { value: parsed.data.access_token, expiresAt: now + (parsed.data.expires_in ?? 3600) * 1000 };
      return accessToken.value;
    } catch (err) {
      if (err instanceof RejectedError && (err.upstreamStatus === 401 || err.upstreamStatus === 403)) {
        const message = `Reddit rejected the client id/secret (${statusLabel(err.upstreamStatus)}); check reddit.clientId and reddit.clientSecret`;
        throw new SourceWideError('UPSTREAM_REJECTED', message, { upstreamStatus: err.upstreamStatus });
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
        if (!(oauth && err instanceof RejectedError && err.upstreamStatus === 401)) throw err;
        accessToken = undefined;
        res = await send();
      }
    } catch (err) {
      if (err instanceof RejectedError && err.upstreamStatus === 401) {
        throw new SourceWideError('UPSTREAM_REJECTED', `Reddit rejected our access token (${statusLabel(401)})`, { upstreamStatus: 401 });
      }
      if (err instanceof RejectedError && err.upstreamStatus === 403) {
        // one private, quarantined or banned subreddit: the other listings still run
        const message = `Reddit refused access to listing "${l.name}" (private, quarantined or banned?) (${statusLabel(403)})`;
        throw upstreamRejected(message, { upstreamStatus: 403 });
      }
      throw err;
    }
    const parsed = redditListingResponseSchema.safeParse(parseJsonBody(LABEL, res.body));
    if (!parsed.success) throw upstreamBadResponse(`${LABEL} returned something other than a listing (${issuesLine(parsed.error.issues)})`);
    return parsed.data.data;
  };

  const fetchListing = (l: RedditListing, ctx: FetchContext, log: Logger): AsyncIterable<FetchBatch> => {
    let after: string | undefined;
    const readPage = async (): Promise<WatermarkPage<RedditPost>> => {
      const data = await getPage(l, after, ctx.signal);
      const raws = data.children.filter((c) => c.kind === 't3').map((c) => c.data);
      const posts = keepValid(redditPostSchema, raws, (problem) => log.warn({ listing: l.name, problem }, 'skipped a malformed reddit post'));
      after = data.after ?? undefined;
      return { entries: posts.map((p) => ({ at: Math.round(p.created_utc * 1000), id: p.name, entry: p })), more: after !== undefined };
    };
    const map = (p: RedditPost, fetchedAt: string) => mapRedditPost(p, { queryName: l.name, fetchedAt });
    const onTruncated = () => log.warn({ listing: l.name, maxPages: cfg.maxPages }, 'reddit listing has more new posts than maxPages; older ones are skipped');
    return readWatermarked({ key: l.name, source: 'reddit', unit: { listing: l.name }, maxPages: cfg.maxPages, stopAtSeen: true, clock: deps.clock, readPage, map, onTruncated }, ctx, log);
  };

  return unitsSource('reddit', cfg.listings, fetchListing);
};

/** Reddit: on when switched on with at least one listing (OAuth when REDDIT_CLIENT_ID and _SECRET are set). */
export const redditSource = defineSource('reddit', redditConfigSchema, createRedditSource, (cfg) => cfg.enabled && cfg.listings.length > 0, {
  env: [{ name: 'REDDIT_CLIENT_ID', key: 'clientId' }, { name: 'REDDIT_CLIENT_SECRET', key: 'clientSecret', secret: true }],
});
