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
 * One logical request: retries 429, 5xx, timeouts and connection errors with exponential backoff,
 * or exactly the server's Retry-After when it sends one (giving up at once if that is longer than
 * `maxRetryAfterSeconds`). Every HTTP exchange is reported to metrics. Other errors throw at once, as
 * AppErrors; an abort of `signal` is re-thrown unchanged.
 */
export const completeWithRetry = async (
  client: LlmClient,
  req: LlmRequest,
  policy: RetryPolicy,
  deps: { sleep: Sleep; log: Logger; metrics: Metrics },
  signal?: AbortSignal,
): Promise<LlmCompletion> => {
  for (let attempt = 1; ; attempt += 1) {
    const t0 = performance.now();
    try {
      const r = await client.complete(req, signal);
      deps.metrics.analyzerRequest(client.provider, client.model, 'ok', (performance.now() - t0) / 1000);
      return r;
    } catch (thrown) {
      deps.metrics.analyzerRequest(client.provider, client.model, 'error', (performance.now() - t0) / 1000);
      if (signal?.aborted) throw thrown;
      const err = asProviderError(thrown, client.provider);
      if (!err.retryable || attempt >= policy.maxAttempts) throw err;
      const after = err.retryAfterSeconds;
      if (after !== undefined && after > policy.maxRetryAfterSeconds) throw err;
      const waitMs = after !== undefined ? Math.ceil(after * 1000) : policy.backoffMs * 2 ** (attempt - 1);
      deps.log.info({ provider: client.provider, model: client.model, attempt, code: err.code, status: err.status, waitMs }, 'LLM request failed; retrying');
      await deps.sleep(waitMs, signal);
    }
  }
};
