import type { z } from 'zod';
import { upstreamBadResponse, upstreamRejected } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { parseRetryAfter, type HttpResponse } from '../../platform/http.js';
import { issuesLine, keepValid, parseJsonBody, SourceWideError, unitsSource } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, resetAtEpochMs, statusLabel, type SourceHttpDeps } from '../shared/source-http.js';
import { readWatermarked, type WatermarkPage } from '../shared/watermark-pages.js';
import type { Watermark } from '../shared/watermark.js';
import { defineSource } from '../source.descriptor.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import type { NewItem } from '../../domain/item.js';
import { githubConfigSchema, type GithubConfig, type GithubQuery } from './github.config.js';
import {
  githubIssueSchema,
  githubReleaseSchema,
  githubRepoSchema,
  githubSearchSchema,
  mapGithubIssue,
  mapGithubRelease,
  mapGithubRepo,
  nextLink,
  type GithubRelease,
} from './map.js';

const LABEL = 'GitHub';

/** Primary limit (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`), secondary limit (Retry-After, or the documented message). */
export const githubLimitedWaitMs = (res: HttpResponse, now: Date): number | undefined => {
  if (res.status !== 403 && res.status !== 429) return undefined;
  const retryAfter = parseRetryAfter(res.headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter * 1000;
  if (res.headers['x-ratelimit-remaining'] === '0') return resetAtEpochMs(res.headers['x-ratelimit-reset'], now);
  if (/secondary rate limit|abuse detection/i.test(res.body)) return 60_000;
  return undefined;
};

/** A query or a watched repository; `key` keys its cursor (the query name, or `release:<owner/repo>`). */
interface Unit {
  name: string;
  key: string;
  query?: GithubQuery;
  repo?: string;
}

/** One kind of listing: where it starts, how to read its items and the time its watermark follows. */
interface Kind<T> {
  firstUrl(start: Watermark | undefined): string;
  /** Stop at the first entry already seen (lists sorted by the watermark's time). */
  stopAtSeen: boolean;
  schema: z.ZodType<T>;
  id(item: T): string;
  time(item: T): string | null | undefined;
  map(item: T, fetchedAt: string): NewItem;
}

/**
 * GitHub REST (SPEC 2.1): search repositories (`pushed:>=` watermark) and issues (`created:>=`
 * watermark) per named query, and releases of watched repositories (`published_at` watermark, key
 * `release:<owner/repo>`). Token optional. Pages follow the `link` header (re-based on `baseUrl`,
 * so the token never leaves for another host). Primary and secondary rate limits are waited out
 * up to `maxWaitSeconds`.
 */
export const createGithubSource = (cfg: GithubConfig, deps: SourceHttpDeps): Source => {
  const http = createSourceHttp(
    'github',
    LABEL,
    cfg,
    deps,
    {
      limitedWaitMs: githubLimitedWaitMs,
      exhaustedWaitMs: (res, now) => (res.headers['x-ratelimit-remaining'] === '0' ? resetAtEpochMs(res.headers['x-ratelimit-reset'], now) : undefined),
    },
    [cfg.token],
  );
  const base = new URL(cfg.baseUrl.replace(/\/+$/, ''));
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (cfg.token) headers.authorization = `Bearer ${cfg.token}`;

  /** A link from GitHub, re-based on the configured base URL. */
  const rebase = (link: string): string => {
    const u = new URL(link, base);
    const prefix = base.pathname.replace(/\/+$/, '');
    const path = prefix && !u.pathname.startsWith(prefix) ? `${prefix}${u.pathname}` : u.pathname;
    return `${base.origin}${path}${u.search}`;
  };

  const get = async (url: string, unit: Unit, signal?: AbortSignal): Promise<HttpResponse> => {
    try {
      return await http.request({ url, headers, signal });
    } catch (err) {
      if (!(err instanceof RejectedError)) throw err;
      if (err.upstreamStatus === 401) {
        throw new SourceWideError('UPSTREAM_REJECTED', `GitHub rejected the token (${statusLabel(401)}); check github.token`, { upstreamStatus: 401 });
      }
      // a 403 that is no rate limit (a private repository, a forbidden search) concerns this unit only
      throw upstreamRejected(`${err.message} for "${unit.name}"`, { upstreamStatus: err.upstreamStatus });
    }
  };

  /** One page's raw entries: a search answers `{ items }`, a release list a bare array. */
  const readEntries = (res: HttpResponse, unit: Unit, log: Logger): unknown[] => {
    const json = parseJsonBody(LABEL, res.body);
    if (Array.isArray(json)) return json;
    const search = githubSearchSchema.safeParse(json);
    if (!search.success) throw upstreamBadResponse(`${LABEL} returned an unexpected shape for "${unit.name}" (${issuesLine(search.error.issues)})`);
    if (search.data.incomplete_results) log.warn({ unit: unit.name }, 'github search timed out server-side; results are incomplete');
    return search.data.items;
  };

  const run = <T>(unit: Unit, kind: Kind<T>, ctx: FetchContext, log: Logger): AsyncIterable<FetchBatch> => {
    let next: string | undefined;
    const readPage = async (start: Watermark | undefined, page: number): Promise<WatermarkPage<T>> => {
      const res = await get(page === 0 ? kind.firstUrl(start) : (next ?? ''), unit, ctx.signal);
      const parsed = keepValid(kind.schema, readEntries(res, unit, log), (problem) => log.warn({ unit: unit.name, problem }, 'skipped a malformed github item'));
      const link = nextLink(res.headers.link);
      next = link === undefined ? undefined : rebase(link);
      const entries = parsed.map((p) => ({ at: Date.parse(kind.time(p) ?? ''), id: kind.id(p), entry: p })).filter((t) => Number.isFinite(t.at));
      return { entries, more: next !== undefined };
    };
    return readWatermarked({ key: unit.key, source: 'github', unit: { unit: unit.name }, maxPages: cfg.maxPages, stopAtSeen: kind.stopAtSeen, clock: deps.clock, readPage, map: kind.map }, ctx, log);
  };

  const isoSecond = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const apiBase = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;

  /** A search query: repositories follow `pushed`, issues `created`; the watermark narrows the search. */
  const searchUrl = (q: GithubQuery) => (start: Watermark | undefined): string => {
    const qualifier = q.kind === 'repositories' ? 'pushed' : 'created';
    const query = start ? `${q.query} ${qualifier}:>=${isoSecond(start.at)}` : q.query;
    const params = new URLSearchParams({ q: query, sort: q.kind === 'repositories' ? 'updated' : 'created', order: 'desc', per_page: String(cfg.perPage) });
    return `${apiBase}/search/${q.kind}?${params.toString()}`;
  };

  const fetchUnit = (unit: Unit, ctx: FetchContext, log: Logger): AsyncIterable<FetchBatch> => {
    const q = unit.query;
    const queryName = unit.key;
    if (q?.kind === 'repositories') {
      return run(unit, { firstUrl: searchUrl(q), stopAtSeen: false, schema: githubRepoSchema, id: (r) => String(r.id), time: (r) => r.pushed_at ?? r.updated_at ?? r.created_at, map: (r, f) => mapGithubRepo(r, { queryName, fetchedAt: f }) }, ctx, log);
    }
    if (q) {
      return run(unit, { firstUrl: searchUrl(q), stopAtSeen: true, schema: githubIssueSchema, id: (i) => String(i.id), time: (i) => i.created_at, map: (i, f) => mapGithubIssue(i, { queryName, fetchedAt: f }) }, ctx, log);
    }
    const repo = unit.repo ?? '';
    const releases: Kind<GithubRelease> = {
      firstUrl: () => `${apiBase}/repos/${repo}/releases?per_page=${cfg.perPage}`,
      stopAtSeen: true,
      schema: githubReleaseSchema,
      id: (r) => String(r.id),
      time: (r) => (r.draft ? undefined : (r.published_at ?? r.created_at)),
      map: (r, f) => mapGithubRelease(r, repo, { queryName, fetchedAt: f }),
    };
    return run(unit, releases, ctx, log);
  };

  const units: Unit[] = [
    ...cfg.queries.map((q) => ({ name: q.name, key: q.name, query: q })),
    ...cfg.watchedRepos.map((repo) => ({ name: `release:${repo}`, key: `release:${repo}`, repo })),
  ];
  return unitsSource('github', units, fetchUnit);
};

/** GitHub: on when switched on with a query or a watched repository; GITHUB_TOKEN is optional. */
export const githubSource = defineSource('github', githubConfigSchema, createGithubSource, (cfg) => cfg.enabled && (cfg.queries.length > 0 || cfg.watchedRepos.length > 0), {
  env: [{ name: 'GITHUB_TOKEN', key: 'token', secret: true }],
});
