import { AppError } from '../domain/errors.js';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Milliseconds; default 15 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Every outbound call goes through this port: one place for timeouts, abort signals and the
 * allow-list that makes an unexpected outbound host fail a test.
 */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface FetchHttpClientOptions {
  /** When set, a request to any other host throws before leaving the process. */
  allowHosts?: readonly string[];
  userAgent?: string;
  defaultTimeoutMs?: number;
}

/** The real client, over Node's global fetch (undici). */
export const createFetchHttpClient = (opts: FetchHttpClientOptions = {}): HttpClient => ({
  async request(req) {
    const url = new URL(req.url);
    if (opts.allowHosts && !opts.allowHosts.includes(url.hostname)) {
      throw new AppError('INTERNAL', `outbound request to unexpected host ${url.hostname}`);
    }
    const timeoutMs = req.timeoutMs ?? opts.defaultTimeoutMs ?? 15_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (opts.userAgent && !Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) {
      headers['user-agent'] = opts.userAgent;
    }
    try {
      const res = await fetch(url, { method: req.method ?? 'GET', headers, body: req.body, signal });
      const body = await res.text();
      const out: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        out[key.toLowerCase()] = value;
      });
      return { status: res.status, headers: out, body };
    } catch (err) {
      if (timeout.aborted) {
        throw new AppError('TIMEOUT', `${req.method ?? 'GET'} ${url.origin} timed out after ${timeoutMs} ms`, {
          retryable: true,
          cause: err,
        });
      }
      if (req.signal?.aborted) throw err;
      throw new AppError('UPSTREAM_UNAVAILABLE', `${req.method ?? 'GET'} ${url.origin} failed: ${(err as Error).message}`, {
        retryable: true,
        cause: err,
      });
    }
  },
});

/** Parses a Retry-After header (delta-seconds or HTTP date) into seconds, or undefined. */
export const parseRetryAfter = (value: string | undefined, now: Date): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
};
