import { STATUS_CODES } from 'node:http';
import { AppError, isAppError, timeoutError, upstreamRateLimited, upstreamUnavailable } from '../../domain/errors.js';
import type { SourceName } from '../../domain/item.js';
import { parseRetryAfter, type HttpResponse } from '../../platform/http.js';
import type { SourceDeps } from '../source.port.js';

/** Politeness and retry settings every HTTP source shares (each source's config slice carries them). */
export interface SourceHttpSettings {
  timeoutMs: number;
  /** Retries per request after a 5xx, a network error, a timeout or a rate limit we waited out. */
  maxRetries: number;
  /** Longest rate-limit wait accepted; beyond it the request fails with UPSTREAM_RATE_LIMITED. */
  maxWaitSeconds: number;
  /** Minimum spacing between two requests of this source (arXiv 3 s, Reddit 0.6 s = 100/min). */
  minIntervalMs: number;
  /** Largest body accepted (bytes). */
  maxBytes?: number;
}

/** What a source says about a response beyond its status code. */
export interface RateLimitPolicy {
  /**
   * Milliseconds to wait before retrying when this response is a rate limit (429, or a 403 that
   * says so), else undefined. `undefined` for a 429 means "use the default backoff".
   */
  limitedWaitMs(res: HttpResponse, now: Date): number | undefined;
  /** Milliseconds to hold the next request when the response says the window is exhausted. */
  exhaustedWaitMs?(res: HttpResponse, now: Date): number | undefined;
}

export interface SourceHttpDeps extends SourceDeps {
  /** Jitter in [0, 1); tests pass `() => 0`. */
  random?: () => number;
}

export interface SourceRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Statuses handed back to the caller instead of becoming errors (e.g. 304). */
  accept?: readonly number[];
}

/** A 4xx the caller may want to interpret (401/403 credentials, 400 bad query); `upstreamStatus` is the 4xx. */
export class RejectedError extends AppError {
  declare readonly upstreamStatus: number;

  constructor(
    upstreamStatus: number,
    message: string,
    readonly body: string,
  ) {
    super('UPSTREAM_REJECTED', message, { upstreamStatus });
  }
}

export const statusLabel = (status: number): string => `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;

/** Replaces every occurrence of each secret (and its URL-encoded form) with `[redacted]`. */
export const redactor =
  (secrets: readonly (string | undefined)[]) =>
  (text: string): string => {
    let out = text;
    for (const s of secrets) {
      if (s === undefined || s.length < 4) continue;
      out = out.split(s).join('[redacted]').split(encodeURIComponent(s)).join('[redacted]');
    }
    return out;
  };

/** A short, single-line excerpt of an error body: JSON `message`/`error`/`detail`, else the start. */
export const bodyExcerpt = (body: string): string => {
  let text = body.slice(0, 200);
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null) {
      const j = json as Record<string, unknown>;
      const parts = [j.message, j.error_description, j.detail, typeof j.error === 'string' ? j.error : undefined];
      text = parts.filter((p): p is string => typeof p === 'string' && p !== '').join(': ') || text;
    }
  } catch {
    // not JSON: keep the start of the body
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
};

export interface SourceHttp {
  /** One request with spacing, retries and rate-limit waits; 2xx (and `accept`ed statuses) return. */
  request(req: SourceRequest): Promise<HttpResponse>;
}

/**
 * The one HTTP behaviour of every source (ADR 0009): requests spaced by `minIntervalMs`, a wait
 * when the server says the window is exhausted, retries with jittered exponential backoff on 5xx,
 * network errors and timeouts, rate-limit waits up to `maxWaitSeconds`, secrets redacted from every
 * message. 4xx other than rate limits throw `RejectedError` for the caller to interpret.
 */
export const createSourceHttp = (
  source: SourceName,
  label: string,
  settings: SourceHttpSettings,
  deps: SourceHttpDeps,
  policy: RateLimitPolicy,
  secrets: readonly (string | undefined)[] = [],
): SourceHttp => {
  const random = deps.random ?? Math.random;
  const redact = redactor(secrets);
  let nextAt = 0;

  const backoffMs = (attempt: number): number => {
    const base = 1000 * 2 ** attempt;
    return Math.round(base + random() * base * 0.25);
  };

  /** Waits until the spacing and any exhausted window allow the next request. */
  const pace = async (signal: AbortSignal | undefined): Promise<void> => {
    const wait = nextAt - deps.clock.now().getTime();
    if (wait > 0) await deps.sleep(wait, signal);
  };

  const holdNext = (ms: number): void => {
    nextAt = Math.max(nextAt, deps.clock.now().getTime() + ms);
  };

  const rateLimited = (waitMs: number): AppError => {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    return upstreamRateLimited(`${label} is rate limited for ${retryAfterSeconds} s (we wait at most ${settings.maxWaitSeconds} s)`, {
      retryable: true,
      retryAfterSeconds,
    });
  };

  const unavailable = (why: string, attempts: number, cause?: unknown): AppError =>
    upstreamUnavailable(redact(`${label} unavailable after ${attempts} attempt(s): ${why}`), { retryable: true, cause });

  const request = async (req: SourceRequest): Promise<HttpResponse> => {
    for (let attempt = 0; ; attempt++) {
      await pace(req.signal);
      let res: HttpResponse;
      try {
        holdNext(settings.minIntervalMs);
        res = await deps.http.request({
          method: req.method ?? 'GET',
          url: req.url,
          headers: req.headers,
          body: req.body,
          timeoutMs: settings.timeoutMs,
          maxBytes: settings.maxBytes,
          signal: req.signal,
        });
      } catch (err) {
        if (req.signal?.aborted || !isAppError(err)) throw err;
        if (!err.retryable) throw new AppError(err.code, redact(`${label}: ${err.message}`), { cause: err });
        if (attempt >= settings.maxRetries) {
          throw err.code === 'TIMEOUT' ? timeoutError(redact(`${label}: ${err.message} (${attempt + 1} attempt(s))`), { retryable: true, cause: err }) : unavailable(err.message, attempt + 1, err);
        }
        await deps.sleep(backoffMs(attempt), req.signal);
        continue;
      }
      const now = deps.clock.now();
      const exhausted = policy.exhaustedWaitMs?.(res, now);
      if (exhausted !== undefined && exhausted > 0) holdNext(Math.min(exhausted, settings.maxWaitSeconds * 1000));
      if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) return res;
      const retryAfterMs = res.status === 429 ? parseRetryAfter(res.headers['retry-after'], now) : undefined;
      const limitWait = policy.limitedWaitMs(res, now) ?? (retryAfterMs === undefined ? undefined : retryAfterMs * 1000);
      if (res.status === 429 || limitWait !== undefined) {
        deps.metrics?.sourceRateLimited(source);
        const waitMs = limitWait ?? 60_000 * 2 ** attempt;
        if (waitMs > settings.maxWaitSeconds * 1000 || attempt >= settings.maxRetries) throw rateLimited(waitMs);
        await deps.sleep(waitMs, req.signal);
        continue;
      }
      if (res.status >= 500) {
        if (attempt >= settings.maxRetries) throw unavailable(statusLabel(res.status), attempt + 1);
        const retryAfter = parseRetryAfter(res.headers['retry-after'], now) ?? 0;
        await deps.sleep(Math.max(backoffMs(attempt), Math.min(retryAfter, settings.maxWaitSeconds) * 1000), req.signal);
        continue;
      }
      const excerpt = redact(bodyExcerpt(res.body));
      throw new RejectedError(res.status, redact(`${label} rejected the request (${statusLabel(res.status)})${excerpt ? `: ${excerpt}` : ''}`), res.body);
    }
  };

  return { request };
};

/** Reset header as "seconds from now" (Reddit) → milliseconds, or undefined. */
export const resetInSecondsMs = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? Math.ceil(n) * 1000 : undefined;
};

/** Reset header as a unix epoch (GitHub; seconds, or milliseconds in some recordings) → wait in ms. */
export const resetAtEpochMs = (value: string | undefined, now: Date): number | undefined => {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || n <= 0) return undefined;
  const atMs = n > 1e12 ? n : n * 1000;
  return Math.max(0, atMs - now.getTime()) + 1000;
};
