import type { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { parseRetryAfter, type HttpResponse } from '../../platform/http.js';
import { issuesLine, parseJsonBody, runEach } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, resetAtEpochMs, statusLabel, type SourceHttpDeps } from '../shared/source-http.js';
import { advanceWatermark, decodeWatermark, encodeWatermark, seenBy, watermarkMoved, type Watermark } from '../shared/watermark.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import type { NewItem } from '../../domain/item.js';
import type { GithubConfig, GithubQuery } from './github.config.js';
import {
  githubIssueSchema,
  githubReleaseSchema,
  githubRepoSchema,
  githubSearchSchema,
  mapGithubIssue,
  mapGithubRelease,
  mapGithubRepo,
  nextLink,
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

interface Unit {
  name: string;
  query?: GithubQuery;
  repo?: string;
}

/** One kind of listing: how to read its items and the time its watermark follows. */
interface Kind<T> {
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
      if (err instanceof RejectedError && err.httpStatus === 401) {
        throw new AppError('UPSTREAM_REJECTED', `GitHub rejected the token (${statusLabel(401)}); check github.token`, { status: 401 });
      }
      if (err instanceof RejectedError) throw new AppError('UPSTREAM_REJECTED', `${err.message} for "${unit.name}"`, { status: err.httpStatus === 403 ? 400 : err.httpStatus });
      throw err;
    }
  };

  async function* run<T>(unit: Unit, firstUrl: string, kind: Kind<T>, start: Watermark | undefined, key: string, log: Logger, ctx: FetchContext, stopAtSeen: boolean): AsyncGenerator<FetchBatch> {
    let mark = start;
    let url: string | undefined = firstUrl;
    for (let page = 1; url !== undefined && page <= cfg.maxPages; page++) {
      const res = await get(url, unit, ctx.signal);
      const json = parseJsonBody(LABEL, res.body);
      let raws: unknown[];
      if (Array.isArray(json)) raws = json;
      else {
        const search = githubSearchSchema.safeParse(json);
        if (!search.success) throw new AppError('UPSTREAM_BAD_RESPONSE', `${LABEL} returned an unexpected shape for "${unit.name}" (${issuesLine(search.error.issues)})`);
        if (search.data.incomplete_results) log.warn({ unit: unit.name }, 'github search timed out server-side; results are incomplete');
        raws = search.data.items;
      }
      const parsed: T[] = [];
      for (const raw of raws) {
        const r = kind.schema.safeParse(raw);
        if (r.success) parsed.push(r.data);
        else log.warn({ unit: unit.name, problem: issuesLine(r.error.issues) }, 'skipped a malformed github item');
      }
      const timed = parsed.map((p) => ({ item: p, at: Date.parse(kind.time(p) ?? ''), id: kind.id(p) })).filter((t) => Number.isFinite(t.at));
      const fresh = timed.filter((t) => !seenBy(start, t.at, t.id));
      mark = advanceWatermark(mark, fresh);
      const fetchedAt = deps.clock.now().toISOString();
      const items = fresh.map((t) => kind.map(t.item, fetchedAt));
      const next = nextLink(res.headers.link);
      url = next === undefined || (stopAtSeen && fresh.length < timed.length) ? undefined : rebase(next);
      if (url === undefined || page === cfg.maxPages) {
        if (items.length > 0 || watermarkMoved(start, mark)) yield { items, cursor: mark ? { key, value: encodeWatermark(mark) } : undefined };
        return;
      }
      if (items.length > 0) yield { items };
    }
  }

  const isoSecond = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

  async function* fetchUnit(unit: Unit, ctx: FetchContext, log: Logger): AsyncGenerator<FetchBatch> {
    const key = unit.query ? unit.query.name : `release:${unit.repo ?? ''}`;
    const stored = await ctx.getCursor(key);
    const start = decodeWatermark(stored);
    if (stored !== undefined && start === undefined) log.warn({ unit: unit.name }, 'unreadable github cursor; starting over');
    const q = unit.query;
    if (q) {
      const qualifier = q.kind === 'repositories' ? 'pushed' : 'created';
      const query = start ? `${q.query} ${qualifier}:>=${isoSecond(start.at)}` : q.query;
      const params = new URLSearchParams({ q: query, sort: q.kind === 'repositories' ? 'updated' : 'created', order: 'desc', per_page: String(cfg.perPage) });
      const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}/search/${q.kind}?${params.toString()}`;
      const ctxName = q.name;
      if (q.kind === 'repositories') {
        yield* run(unit, url, { schema: githubRepoSchema, id: (r) => String(r.id), time: (r) => r.pushed_at ?? r.updated_at ?? r.created_at, map: (r, f) => mapGithubRepo(r, { queryName: ctxName, fetchedAt: f }) }, start, key, log, ctx, false);
      } else {
        yield* run(unit, url, { schema: githubIssueSchema, id: (i) => String(i.id), time: (i) => i.created_at, map: (i, f) => mapGithubIssue(i, { queryName: ctxName, fetchedAt: f }) }, start, key, log, ctx, true);
      }
      return;
    }
    const repo = unit.repo ?? '';
    const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}/repos/${repo}/releases?per_page=${cfg.perPage}`;
    yield* run(
      unit,
      url,
      {
        schema: githubReleaseSchema,
        id: (r) => String(r.id),
        time: (r) => (r.draft ? undefined : (r.published_at ?? r.created_at)),
        map: (r, f) => mapGithubRelease(r, repo, { queryName: `release:${repo}`, fetchedAt: f }),
      },
      start,
      key,
      log,
      ctx,
      true,
    );
  }

  const units: Unit[] = [...cfg.queries.map((q) => ({ name: q.name, query: q })), ...cfg.watchedRepos.map((repo) => ({ name: `release:${repo}`, repo }))];

  return {
    name: 'github',
    fetch(ctx) {
      const log = ctx.log.child({ source: 'github' });
      return runEach('github', units, log, ctx.signal, (u) => fetchUnit(u, ctx, log));
    },
  };
};
