import { AppError, timeoutError, upstreamBadResponse, upstreamRateLimited, upstreamRejected, upstreamUnavailable } from '../../domain/errors.js';

/** The parts of an SDK `APIError` we read (openai and @anthropic-ai/sdk share this shape). */
interface SdkApiError {
  status?: number;
  headers?: Headers | Record<string, string | null | undefined>;
  error?: unknown;
  message?: string;
}

/** The error classes of one SDK, passed in so this module imports neither. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

const header = (h: SdkApiError['headers'], name: string): string | undefined => {
  if (!h) return undefined;
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name) ?? undefined;
  return (h as Record<string, string | null | undefined>)[name] ?? undefined;
};

/** Retry-After (seconds or HTTP date) or retry-after-ms, in seconds; undefined when absent or unreadable. */
export const retryAfterSeconds = (h: SdkApiError['headers'], nowMs: number): number | undefined => {
  const ms = Number(header(h, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && header(h, 'retry-after-ms') !== undefined) return ms / 1000;
  const v = header(h, 'retry-after');
  if (v === undefined || v.trim() === '') return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
};

/** The provider's own error message from an error body (`{error:{message}}`), if any. */
const bodyMessage = (body: unknown): string | undefined => {
  const b = body as { error?: { message?: unknown }; message?: unknown } | null;
  const m = b?.error?.message ?? b?.message;
  return typeof m === 'string' ? m : undefined;
};

/** Removes every occurrence of the secret (and anything shaped like a bearer key) from a message. */
export const scrub = (message: string, secret: string | undefined): string => {
  let m = secret && secret.length >= 4 ? message.split(secret).join('[redacted]') : message;
  m = m.replace(/\b(sk-(?:ant-)?[A-Za-z0-9_-]{4})[A-Za-z0-9_-]+/g, '$1…[redacted]');
  return m.slice(0, 500);
};

/** Maps whatever an SDK threw into an AppError with a retryable flag; aborts are re-thrown unchanged. */
export const toAppError = (err: unknown, provider: string, classes: SdkErrorClasses, secret: string | undefined, nowMs: number): unknown => {
  if (err instanceof classes.APIUserAbortError) return err;
  if (err instanceof classes.APIConnectionTimeoutError) return timeoutError(`${provider}: request timed out`, { retryable: true });
  if (err instanceof classes.APIConnectionError) {
    return upstreamUnavailable(`${provider}: connection failed: ${scrub((err as Error).message, secret)}`, { retryable: true });
  }
  if (err instanceof classes.APIError) {
    const e = err as SdkApiError;
    const status = e.status ?? 0;
    const detail = scrub(bodyMessage(e.error) ?? e.message ?? 'no detail', secret);
    if (status === 429) {
      return upstreamRateLimited(`${provider}: HTTP 429: ${detail}`, { retryable: true, status, retryAfterSeconds: retryAfterSeconds(e.headers, nowMs) });
    }
    if (status >= 500 || status === 408 || status === 409) {
      return upstreamUnavailable(`${provider}: HTTP ${status}: ${detail}`, { retryable: true, status, retryAfterSeconds: retryAfterSeconds(e.headers, nowMs) });
    }
    return upstreamRejected(`${provider}: HTTP ${status}: ${detail}`, { retryable: false, status });
  }
  if (err instanceof AppError) return err;
  return upstreamBadResponse(`${provider}: ${scrub((err as Error)?.message ?? String(err), secret)}`, { retryable: false });
};

/**
 * The error for a 2xx body that is not the API's reply object: an HTML page or plain text when the
 * base URL points at a web server rather than the API (the SDKs return such bodies as strings).
 */
export const notAnApiReply = (provider: string, what: string, body: unknown, secret: string | undefined): AppError => {
  const got = typeof body === 'string' ? `a non-JSON body starting ${JSON.stringify(body.trim().slice(0, 60))}` : `a ${body === null ? 'null' : typeof body} without the expected fields`;
  return upstreamBadResponse(scrub(`${provider}: the reply is not ${what} (got ${got}); check the provider's base URL`, secret), { retryable: false });
};
