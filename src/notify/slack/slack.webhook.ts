import { AppError, type ErrorCode, gone, isAppError, timeoutError, upstreamRejected, upstreamUnavailable } from '../../domain/errors.js';
import type { Metrics } from '../../observability/metrics.port.js';
import type { Clock, Sleep } from '../../platform/clock.js';
import { parseRetryAfter, type HttpClient, type HttpResponse } from '../../platform/http.js';
import { CHANNEL_MAX_RESPONSE_BYTES, CHANNEL_TIMEOUT_MS, outboundUrlProblem } from '../channel.config.js';
import type { SlackMessage } from './format.js';

export interface SlackWebhookConfig {
  /** Secret: its path is the token. Never appears in an error message. */
  webhookUrl: string;
  /** The metrics label (the outbox key of the notifier using this webhook). */
  channel: string;
  /** Capped at CHANNEL_TIMEOUT_MS (10 s, issue 19). */
  timeoutMs: number;
  /** Plain http is accepted only to a loopback address and only with this set (issue 19). */
  allowInsecureLoopback: boolean;
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** A longer Retry-After ends this send at once with a retryable error (a later run retries). */
  maxRetryAfterSeconds: number;
}

export interface SlackWebhookDeps {
  http: HttpClient;
  sleep: Sleep;
  clock: Clock;
  /** In [0, 1); drives backoff jitter. Default Math.random. */
  random?: () => number;
  /** Deliveries sent, failed and retried, labelled with `cfg.channel`. */
  metrics?: Metrics;
}

/** Exponential backoff between attempts when the server names no Retry-After: 1 s, 2 s, 4 s, … plus up to 25 %. */
export const SLACK_BACKOFF = { baseMs: 1_000, maxMs: 30_000, jitter: 0.25 } as const;

/** Delay before attempt `attempt + 1`, `attempt` counting from 1. */
export const backoffDelayMs = (attempt: number, random: () => number): number => {
  const exp = Math.min(SLACK_BACKOFF.maxMs, SLACK_BACKOFF.baseMs * 2 ** (attempt - 1));
  return Math.round(exp * (1 + SLACK_BACKOFF.jitter * random()));
};

type Outcome =
  | { kind: 'ok' }
  | { kind: 'gone' }
  | { kind: 'rejected'; status: number; error: string }
  | { kind: 'transient'; code: ErrorCode; reason: string; retryAfterSeconds?: number };

const REDACTED = '[redacted webhook]';

/** Replaces the webhook URL (and its token path, on its own or URL-encoded) wherever it appears. */
export const redactWebhook = (webhookUrl: string, text: string): string => {
  const secrets = new Set<string>([webhookUrl]);
  try {
    const u = new URL(webhookUrl);
    secrets.add(`${u.origin}${u.pathname}`);
    if (u.pathname.length > 1) secrets.add(u.pathname);
    if (u.search.length > 1) secrets.add(u.search);
  } catch {
    // not a URL: the whole string is the only secret
  }
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(REDACTED).split(encodeURIComponent(s)).join(REDACTED);
  }
  return out;
};

/** Slack answers with a bare error string; keep its first line, bounded. */
const slackErrorString = (body: string): string => {
  const first = body.trim().split(/\r?\n/, 1)[0] ?? '';
  return first === '' ? '(empty body)' : first.slice(0, 200);
};

/** The socket error code (ECONNREFUSED, …) or, failing that, the innermost cause's message. */
const networkDetail = (err: unknown): string | undefined => {
  let e: unknown = err;
  let innermost: string | undefined;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    if (depth > 0) innermost = e.message.slice(0, 100);
    e = e.cause;
  }
  return innermost;
};

const classify = (res: HttpResponse, clock: Clock): Outcome => {
  if (res.status >= 200 && res.status < 300) return { kind: 'ok' };
  if (res.status === 410) return { kind: 'gone' };
  const error = slackErrorString(res.body);
  const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], clock.now());
  if (res.status === 429) {
    return { kind: 'transient', code: 'UPSTREAM_RATE_LIMITED', reason: `429 ${error}`, retryAfterSeconds };
  }
  if (res.status >= 500) {
    return { kind: 'transient', code: 'UPSTREAM_UNAVAILABLE', reason: `${res.status} ${error}`, retryAfterSeconds };
  }
  return { kind: 'rejected', status: res.status, error };
};

const networkOutcome = (err: unknown, timeoutMs: number): Outcome => {
  if (isAppError(err) && !err.retryable) {
    // e.g. the HTTP client's host allow-list: not Slack's answer, and not worth retrying.
    throw new AppError(err.code, `Slack delivery failed: ${err.message}`, { retryable: false });
  }
  if (isAppError(err) && err.code === 'TIMEOUT') {
    // The request reached Slack and no answer came: it may have been posted. Retrying could post it
    // twice, so the outbox records the delivery as unknown instead (never sent twice).
    throw timeoutError(`Slack did not answer within ${timeoutMs} ms; the message may have been posted, so it is not retried`, { retryable: false });
  }
  const detail = networkDetail(err);
  return { kind: 'transient', code: 'UPSTREAM_UNAVAILABLE', reason: detail ? `network error (${detail})` : 'network error' };
};

const giveUp = (out: Extract<Outcome, { kind: 'transient' }>, attempts: number, tooLong: boolean): AppError => {
  const what = out.code === 'UPSTREAM_RATE_LIMITED' ? 'Slack rate-limited the message' : 'Slack is unavailable';
  const why = tooLong
    ? `Retry-After ${out.retryAfterSeconds} s is too long to wait now`
    : `gave up after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  return new AppError(out.code, `${what}: ${out.reason}; ${why}`, {
    retryable: true,
    retryAfterSeconds: out.retryAfterSeconds,
    details: [out.reason],
  });
};

/** Posts Block Kit messages to one incoming webhook. */
export interface SlackWebhook {
  send(message: SlackMessage, signal?: AbortSignal): Promise<void>;
}

/**
 * Slack incoming-webhook transport. 2xx is delivered; 429, 5xx and network errors before a reply are
 * retried (Retry-After when given, else exponential backoff with jitter) up to `maxAttempts`;
 * a timeout is not retried (the message may have been posted) and surfaces as a `TIMEOUT` error;
 * 410 is a `GONE` error (the caller disables the channel); any other status is a permanent
 * `UPSTREAM_REJECTED`. Issue 19 safety, as the other channels: the URL is checked (https, or http to
 * loopback only when allowed), redirects to another origin are refused, the timeout is capped at 10 s
 * and answers are read up to 64 KiB. Aborting `signal` stops at once with a
 * retryable error whose `cause` is the abort reason (a request cut short may still have been posted).
 */
export const createSlackWebhook = (cfg: SlackWebhookConfig, deps: SlackWebhookDeps): SlackWebhook => {
  const problem = outboundUrlProblem(cfg.webhookUrl, cfg.allowInsecureLoopback);
  if (problem !== null) throw upstreamRejected(`Slack webhook (notify.slack.webhookUrl): URL ${problem}`, { retryable: false });
  const random = deps.random ?? Math.random;
  const timeoutMs = Math.min(cfg.timeoutMs, CHANNEL_TIMEOUT_MS);
  const redact = (e: AppError): AppError => {
    const message = redactWebhook(cfg.webhookUrl, e.message);
    const details = e.details.map((d) => redactWebhook(cfg.webhookUrl, d));
    return new AppError(e.code, message, { retryable: e.retryable, upstreamStatus: e.upstreamStatus, retryAfterSeconds: e.retryAfterSeconds, details });
  };

  /** The abort reason as a retryable AppError, as the Notifier port promises. */
  const aborted = (reason: unknown): AppError => {
    const why = reason instanceof Error ? reason.message : String(reason);
    return upstreamUnavailable(redactWebhook(cfg.webhookUrl, `Slack delivery aborted: ${why}`), {
      retryable: true,
      cause: reason,
    });
  };

  const attempt = async (body: string, signal: AbortSignal | undefined): Promise<Outcome> => {
    try {
      const res = await deps.http.request({
        method: 'POST',
        url: cfg.webhookUrl,
        headers: { 'content-type': 'application/json' },
        body,
        timeoutMs,
        signal,
        maxBytes: CHANNEL_MAX_RESPONSE_BYTES,
        sameOriginRedirects: true,
      });
      return classify(res, deps.clock);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      return networkOutcome(err, timeoutMs);
    }
  };

  const deliver = async (body: string, signal: AbortSignal | undefined): Promise<void> => {
    for (let n = 1; ; n++) {
      if (signal?.aborted) throw signal.reason;
      const out = await attempt(body, signal);
      if (out.kind === 'ok') return;
      if (out.kind === 'gone') {
        deps.metrics?.notification(cfg.channel, 'failed');
        throw gone(`Slack answered 410 Gone: the webhook no longer exists; channel ${cfg.channel} is disabled`, { retryable: false, upstreamStatus: 410 });
      }
      if (out.kind === 'rejected') {
        deps.metrics?.notification(cfg.channel, 'failed');
        throw upstreamRejected(`Slack rejected the message: ${out.status} ${out.error}`, {
          retryable: false,
          details: [`${out.status} ${out.error}`],
        });
      }
      const tooLong = out.retryAfterSeconds !== undefined && out.retryAfterSeconds > cfg.maxRetryAfterSeconds;
      if (tooLong || n >= cfg.maxAttempts) {
        deps.metrics?.notification(cfg.channel, 'failed');
        throw giveUp(out, n, tooLong);
      }
      deps.metrics?.notification(cfg.channel, 'retried');
      const delay = out.retryAfterSeconds !== undefined ? out.retryAfterSeconds * 1000 : backoffDelayMs(n, random);
      await deps.sleep(delay, signal);
    }
  };

  return {
    async send(message: SlackMessage, signal?: AbortSignal): Promise<void> {
      const body = JSON.stringify({ text: message.text, blocks: message.blocks });
      try {
        await deliver(body, signal);
        deps.metrics?.notification(cfg.channel, 'sent');
      } catch (err) {
        if (isAppError(err)) throw redact(err);
        if (signal?.aborted) throw aborted(signal.reason);
        throw err;
      }
    },
  };
};
