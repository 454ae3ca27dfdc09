/*
 * The OpenAI-compatible embedding provider: `embeddings.create` on the official SDK with any base
 * URL (OpenAI, Ollama, vLLM…), `batchSize` texts a request, each request with a timeout and bounded
 * retries on 429, 5xx, timeouts and connection errors (Retry-After honoured up to a limit).
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { isAppError, upstreamBadResponse, type AppError } from '../domain/errors.js';
import { withRetry } from '../analysis/llm/retry.js';
import { notAnApiReply, scrub, toAppError } from '../analysis/llm/sdk-errors.js';
import type { Logger } from '../observability/logger.js';
import type { Clock, Sleep } from '../platform/clock.js';
import type { EmbeddingProvider } from './embedding-provider.port.js';
import { embeddingModelKey } from './embeddings.config.js';

export interface OpenAiEmbeddingsOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  dimensions?: number;
  batchSize: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  maxRetryAfterSeconds: number;
}

const CLASSES = { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };
const NAME = 'embeddings';

/** The vectors of a reply, in input order; an error naming what is wrong with it otherwise. */
const vectorsOf = (res: unknown, n: number, apiKey: string): Float32Array[] => {
  const data = (res as { data?: unknown } | null)?.data;
  if (typeof res !== 'object' || res === null || !Array.isArray(data)) throw notAnApiReply(NAME, 'an embeddings list', res, apiKey);
  if (data.length !== n) throw upstreamBadResponse(`${NAME}: asked for ${n} vectors, got ${data.length}`);
  const out = new Array<Float32Array | undefined>(n);
  data.forEach((d: { index?: unknown; embedding?: unknown }, i) => {
    const at = typeof d?.index === 'number' ? d.index : i;
    if (!Array.isArray(d?.embedding) || d.embedding.length === 0 || !d.embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw upstreamBadResponse(`${NAME}: vector ${at} is not a non-empty list of numbers (is the base URL an embeddings endpoint?)`);
    }
    if (at < 0 || at >= n || out[at]) throw upstreamBadResponse(`${NAME}: reply has a wrong or repeated index ${at}`);
    out[at] = Float32Array.from(d.embedding as number[]);
  });
  const dims = out[0]?.length;
  if (out.some((v) => v?.length !== dims)) throw upstreamBadResponse(`${NAME}: the reply's vectors differ in length`);
  return out as Float32Array[];
};

const asProviderError = (err: unknown, apiKey: string): AppError =>
  isAppError(err) ? err : upstreamBadResponse(`${NAME}: unreadable reply: ${scrub((err as Error)?.message ?? String(err), apiKey)}`, { retryable: false, cause: err });

export const createOpenAiEmbeddings = (opts: OpenAiEmbeddingsOptions, deps: { clock: Clock; sleep: Sleep; log: Logger }): EmbeddingProvider => {
  const sdk = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseUrl, timeout: opts.timeoutMs, maxRetries: 0 });
  const once = async (input: string[], signal?: AbortSignal): Promise<Float32Array[]> => {
    let res: unknown;
    try {
      const body = { model: opts.model, input, encoding_format: 'float' as const, ...(opts.dimensions !== undefined && { dimensions: opts.dimensions }) };
      res = await sdk.embeddings.create(body, { signal });
    } catch (err) {
      throw toAppError(err, NAME, CLASSES, opts.apiKey, deps.clock.now().getTime());
    }
    return vectorsOf(res, input.length, opts.apiKey);
  };
  /** One request, retried while the error is retryable and attempts remain. */
  const request = (input: string[], signal?: AbortSignal): Promise<Float32Array[]> =>
    withRetry(() => once(input, signal), opts, {
      sleep: deps.sleep,
      toError: (thrown) => asProviderError(thrown, opts.apiKey),
      onRetry: (err, attempt, waitMs) => deps.log.info({ model: opts.model, attempt, code: err.code, status: err.status, waitMs }, 'embedding request failed; retrying'),
      onGiveUp: (err, attempt) => {
        err.message = `${err.message} (model ${opts.model}, ${attempt} attempt${attempt === 1 ? '' : 's'})`;
      },
      signal,
    });
  return {
    model: embeddingModelKey(opts.model, opts.dimensions),
    async embed(texts, signal) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += opts.batchSize) out.push(...(await request(texts.slice(i, i + opts.batchSize), signal)));
      if (out.some((v) => v.length !== out[0]?.length)) throw upstreamBadResponse(`${NAME}: vectors of one run differ in length (model ${opts.model})`);
      return out;
    },
  };
};
