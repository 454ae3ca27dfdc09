import type { AppError} from '../../domain/errors.js';
import { isAppError, upstreamBadResponse } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.port.js';
import type { Sleep } from '../../platform/clock.js';
import type { LlmClient, LlmCompletion, LlmRequest } from './llm-client.port.js';

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
  maxRetryAfterSeconds: number;
}

/** Anything a client throws that is not an AppError (a reply the SDK could not read, say) is a provider failure too. */
const asProviderError = (err: unknown, provider: string): AppError =>
  isAppError(err) ? err : upstreamBadResponse(`${provider}: unreadable reply: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`, { retryable: false, cause: err });

/**
 * Runs `once` until it succeeds: an error `toError` makes retryable (429, 5xx, timeouts, connection
 * errors) is retried with exponential backoff, or after exactly the server's Retry-After when it sends
 * one, until `maxAttempts`; a Retry-After longer than `maxRetryAfterSeconds` gives up at once. Other
 * errors throw at once as `toError` made them (`onGiveUp` may add to the message first); an abort of
 * `signal` is re-thrown unchanged. `onRetry` hears of each wait before it starts. Shared by the LLM
 * client and the embedding provider.
 */
export const withRetry = async <T>(
  once: () => Promise<T>,
  policy: RetryPolicy,
  opts: {
    sleep: Sleep;
    toError: (thrown: unknown) => AppError;
    onRetry: (err: AppError, attempt: number, waitMs: number) => void;
    onGiveUp?: (err: AppError, attempt: number) => void;
    signal?: AbortSignal;
  },
): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once();
    } catch (thrown) {
      if (opts.signal?.aborted) throw thrown;
      const err = opts.toError(thrown);
      const after = err.retryAfterSeconds;
      if (!err.retryable || attempt >= policy.maxAttempts || (after !== undefined && after > policy.maxRetryAfterSeconds)) {
        opts.onGiveUp?.(err, attempt);
        throw err;
      }
      const waitMs = after !== undefined ? Math.ceil(after * 1000) : policy.backoffMs * 2 ** (attempt - 1);
      opts.onRetry(err, attempt, waitMs);
      await opts.sleep(waitMs, opts.signal);
    }
  }
};

/**
 * One logical LLM request through `withRetry`. Every HTTP exchange is reported to metrics. Other
 * errors throw at once, as AppErrors; an abort of `signal` is re-thrown unchanged.
 */
export const completeWithRetry = async (
  client: LlmClient,
  req: LlmRequest,
  policy: RetryPolicy,
  deps: { sleep: Sleep; log: Logger; metrics: Metrics },
  signal?: AbortSignal,
): Promise<LlmCompletion> => {
  const once = async (): Promise<LlmCompletion> => {
    const t0 = performance.now();
    try {
      const r = await client.complete(req, signal);
      deps.metrics.analyzerRequest(client.provider, client.model, 'ok', (performance.now() - t0) / 1000);
      return r;
    } catch (thrown) {
      deps.metrics.analyzerRequest(client.provider, client.model, 'error', (performance.now() - t0) / 1000);
      throw thrown;
    }
  };
  return withRetry(once, policy, {
    sleep: deps.sleep,
    toError: (thrown) => asProviderError(thrown, client.provider),
    onRetry: (err, attempt, waitMs) => deps.log.info({ provider: client.provider, model: client.model, attempt, code: err.code, status: err.status, waitMs }, 'LLM request failed; retrying'),
    signal,
  });
};
