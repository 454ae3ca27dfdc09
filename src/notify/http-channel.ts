import { AppError, gone, isAppError, timeoutError, upstreamRejected, upstreamUnavailable, type ErrorCode } from '../domain/errors.js';
import type { Metrics } from '../observability/metrics.port.js';
import type { Clock, Sleep } from '../platform/clock.js';
import { parseRetryAfter, type HttpClient } from '../platform/http.js';
import { CHANNEL_MAX_RESPONSE_BYTES, CHANNEL_TIMEOUT_MS, outboundUrlProblem } from './channel.config.js';
import type { DeliveryReceipt } from './notifier.port.js';
import { backoffDelayMs, redactWebhook } from './slack/slack.webhook.js';

export interface HttpChannelConfig {
  /** The outbox key and metrics label, e.g. `webhook:ops`. */
  channel: string;
  /** Receiver name in messages: "webhook ops", "Discord", … */
  what: string;
  url: string;
  /** When true (Discord, Teams: the path is a token) the URL never appears in an error. */
  urlIsSecret: boolean;
  allowInsecureLoopback: boolean;
  /** Total attempts within one run, the first included (later runs retry through the outbox). */
  maxAttempts: number;
  maxRetryAfterSeconds: number;
  timeoutMs?: number;
}

export interface HttpChannelDeps {
  http: HttpClient;
  clock: Clock;
  sleep: Sleep;
  random?: () => number;
  metrics?: Metrics;
}

/** Posts one JSON body to a receiver; `headers` is called per attempt (signatures carry a timestamp). */
export interface HttpChannel {
  post(body: string, headers: () => Record<string, string>, signal?: AbortSignal): Promise<DeliveryReceipt>;
}

type Outcome =
  | { kind: 'ok'; status: number }
  | { kind: 'gone' }
  | { kind: 'rejected'; status: number; error: string }
  | { kind: 'transient'; code: ErrorCode; status?: number; reason: string; retryAfterSeconds?: number };

const firstLine = (body: string): string => {
  const first = body.trim().split(/\r?\n/, 1)[0] ?? '';
  return first === '' ? '(empty body)' : first.slice(0, 200);
};

/**
 * The outbound transport of the webhook, Discord and Teams channels (issue 19 safety): the URL is
 * checked again here (https, or http to loopback only when allowed); redirects to another origin
 * are refused; 10 s timeout; answers read up to 64 KiB. 2xx delivers; 410 is a `GONE` error (the
 * caller disables the channel); 429/5xx/network errors are retried with backoff up to `maxAttempts`
 * and then left retryable for a later run; a timeout is a `TIMEOUT` (may have been delivered: the
 * outbox records `unknown`); any other status is a permanent `UPSTREAM_REJECTED`.
 */
export const createHttpChannel = (cfg: HttpChannelConfig, deps: HttpChannelDeps): HttpChannel => {
  const problem = outboundUrlProblem(cfg.url, cfg.allowInsecureLoopback);
  if (problem !== null) throw upstreamRejected(`${cfg.what}: URL ${problem}`, { retryable: false });
  const random = deps.random ?? Math.random;
  const timeoutMs = cfg.timeoutMs ?? CHANNEL_TIMEOUT_MS;
  const clean = (s: string): string => (cfg.urlIsSecret ? redactWebhook(cfg.url, s) : s);
  const redact = (e: AppError): AppError =>
    new AppError(e.code, clean(e.message), {
      retryable: e.retryable,
      upstreamStatus: e.upstreamStatus,
      retryAfterSeconds: e.retryAfterSeconds,
      details: e.details.map(clean),
    });

  const attempt = async (body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Outcome> => {
    try {
      const res = await deps.http.request({
        method: 'POST',
        url: cfg.url,
        headers: { 'content-type': 'application/json', ...headers },
        body,
        timeoutMs,
        signal,
        maxBytes: CHANNEL_MAX_RESPONSE_BYTES,
        sameOriginRedirects: true,
      });
      if (res.status >= 200 && res.status < 300) return { kind: 'ok', status: res.status };
      if (res.status === 410) return { kind: 'gone' };
      const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], deps.clock.now());
      if (res.status === 429) return { kind: 'transient', code: 'UPSTREAM_RATE_LIMITED', status: 429, reason: `429 ${firstLine(res.body)}`, retryAfterSeconds };
      if (res.status >= 500) return { kind: 'transient', code: 'UPSTREAM_UNAVAILABLE', status: res.status, reason: `${res.status} ${firstLine(res.body)}`, retryAfterSeconds };
      return { kind: 'rejected', status: res.status, error: firstLine(res.body) };
    } catch (err) {
      if (signal?.aborted) throw upstreamUnavailable(`${cfg.what} delivery aborted`, { retryable: true, cause: signal.reason });
      if (isAppError(err) && err.code === 'TIMEOUT') {
        throw timeoutError(`${cfg.what} did not answer within ${timeoutMs} ms; it may have been delivered, so it is not retried`, { retryable: false });
      }
      if (isAppError(err) && !err.retryable) throw new AppError(err.code, `${cfg.what} delivery failed: ${err.message}`, { retryable: false, upstreamStatus: err.upstreamStatus });
      const code = (err as { cause?: { code?: unknown } }).cause?.code;
      return { kind: 'transient', code: 'UPSTREAM_UNAVAILABLE', reason: typeof code === 'string' ? `network error (${code})` : 'network error' };
    }
  };

  const deliver = async (body: string, headers: () => Record<string, string>, signal?: AbortSignal): Promise<DeliveryReceipt> => {
    for (let n = 1; ; n++) {
      const out = await attempt(body, headers(), signal);
      if (out.kind === 'ok') return { statusCode: out.status };
      if (out.kind === 'gone') {
        throw gone(`${cfg.what} answered 410 Gone: the receiver no longer exists; channel ${cfg.channel} is disabled`, { retryable: false, upstreamStatus: 410 });
      }
      if (out.kind === 'rejected') {
        throw upstreamRejected(`${cfg.what} rejected the message: ${out.status} ${out.error}`, { retryable: false, upstreamStatus: out.status, details: [`${out.status} ${out.error}`] });
      }
      const tooLong = out.retryAfterSeconds !== undefined && out.retryAfterSeconds > cfg.maxRetryAfterSeconds;
      if (tooLong || n >= cfg.maxAttempts) {
        const why = tooLong ? `Retry-After ${out.retryAfterSeconds} s is too long to wait now` : `gave up after ${n} ${n === 1 ? 'attempt' : 'attempts'}`;
        throw new AppError(out.code, `${cfg.what} is unavailable: ${out.reason}; ${why}`, {
          retryable: true,
          upstreamStatus: out.status,
          retryAfterSeconds: out.retryAfterSeconds,
          details: [out.reason],
        });
      }
      deps.metrics?.notification(cfg.channel, 'retried');
      await deps.sleep(out.retryAfterSeconds !== undefined ? out.retryAfterSeconds * 1000 : backoffDelayMs(n, random), signal);
    }
  };

  return {
    async post(body, headers, signal) {
      try {
        const receipt = await deliver(body, headers, signal);
        deps.metrics?.notification(cfg.channel, 'sent');
        return receipt;
      } catch (err) {
        deps.metrics?.notification(cfg.channel, 'failed');
        if (isAppError(err)) throw redact(err);
        throw err;
      }
    },
  };
};
