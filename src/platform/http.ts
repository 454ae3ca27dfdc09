import { AppError, internalError, timeoutError, upstreamBadResponse, upstreamRejected, upstreamUnavailable } from '../domain/errors.js';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Milliseconds; default 15 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Largest body accepted, in bytes; a bigger one fails with UPSTREAM_BAD_RESPONSE. Default: the client's. */
  maxBytes?: number;
  /** When true, a redirect to another origin (scheme, host or port) fails instead of being followed. */
  sameOriginRedirects?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  /** The body as received (undecoded), for callers that decode a declared charset themselves. */
  bytes?: Uint8Array;
  /** The URL that answered, after redirects. */
  url?: string;
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
  /** Largest response body accepted (bytes); default 10 MiB. */
  maxBytes?: number;
  /** Redirects followed per request (each hop is checked against `allowHosts`); default 5. */
  maxRedirects?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Reads a body up to `maxBytes`; beyond it the stream is cancelled and UPSTREAM_BAD_RESPONSE thrown. */
const readCapped = async (res: Response, maxBytes: number, what: string): Promise<Uint8Array> => {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  const tooBig = (): AppError => upstreamBadResponse(`${what} answered with more than ${maxBytes} bytes (response-size cap)`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
};

/** Headers that must not follow a redirect to another origin. */
const dropCredentials = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));

/** The real client, over Node's global fetch (undici): timeouts, abort, size cap, bounded redirects. */
export const createFetchHttpClient = (opts: FetchHttpClientOptions = {}): HttpClient => ({
  async request(req) {
    let url = new URL(req.url);
    const checkHost = (u: URL): void => {
      if (opts.allowHosts && !opts.allowHosts.includes(u.hostname)) {
        throw internalError(`outbound request to unexpected host ${u.hostname}`);
      }
    };
    checkHost(url);
    let method = req.method ?? 'GET';
    let body = req.body;
    const timeoutMs = req.timeoutMs ?? opts.defaultTimeoutMs ?? 15_000;
    const maxBytes = req.maxBytes ?? opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const maxRedirects = opts.maxRedirects ?? 5;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (opts.userAgent && !Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) {
      headers['user-agent'] = opts.userAgent;
    }
    try {
      for (let hops = 0; ; hops++) {
        const res = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
        const location = res.headers.get('location');
        if (REDIRECT_STATUSES.has(res.status) && location !== null) {
          await res.body?.cancel().catch(() => undefined);
          if (hops >= maxRedirects) throw upstreamBadResponse(`${method} ${url.origin} redirected more than ${maxRedirects} times`);
          const next = new URL(location, url);
          checkHost(next);
          if (req.sameOriginRedirects === true && next.origin !== url.origin) {
            throw upstreamRejected(`${method} ${url.origin} redirected to another origin (${next.origin}); not followed`, { retryable: false, upstreamStatus: res.status });
          }
          if (next.origin !== url.origin) headers = dropCredentials(headers);
          // as fetch does: 303, and 301/302 after a POST, continue as a GET without the body
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          url = next;
          continue;
        }
        const bytes = await readCapped(res, maxBytes, `${method} ${url.origin}`);
        const out: Record<string, string> = {};
        res.headers.forEach((value, key) => {
          out[key.toLowerCase()] = value;
        });
        return { status: res.status, headers: out, body: new TextDecoder().decode(bytes), bytes, url: url.toString() };
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (timeout.aborted) {
        throw timeoutError(`${method} ${url.origin} timed out after ${timeoutMs} ms`, {
          retryable: true,
          cause: err,
        });
      }
      if (req.signal?.aborted) throw err;
      throw upstreamUnavailable(`${method} ${url.origin} failed: ${(err as Error).message}`, {
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
