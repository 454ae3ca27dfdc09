import { z } from 'zod';

/**
 * The optional dense embedding provider for story assignment (`stories.embeddings`, ADR 0022
 * embeddings amendment): any OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM…). Off by
 * default: without it nothing leaves the machine and stories come from tf-idf alone. The key is
 * `providers.openai.apiKey` (OPENAI_API_KEY only); the base URL defaults to `providers.openai.baseUrl`.
 */
export const embeddingsConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    model: z.string().trim().min(1).default('text-embedding-3-small'),
    /** e.g. http://127.0.0.1:11434/v1 (Ollama); unset: providers.openai.baseUrl, else OpenAI. */
    baseUrl: z.string().url().optional(),
    /** Length of the vectors asked for (models that can shorten them, e.g. text-embedding-3-*); unset: the model's own. */
    dimensions: z.number().int().min(1).max(16_384).optional(),
    /** Texts per request. */
    batchSize: z.number().int().min(1).max(2048).default(100),
    /** Per HTTP request. */
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** HTTP attempts per request (429, 5xx, timeouts and connection errors are retried). */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** First backoff delay; doubles per attempt when the server gives no Retry-After. */
    backoffMs: z.number().int().min(0).max(60_000).default(1000),
    /** A Retry-After longer than this fails the request at once. */
    maxRetryAfterSeconds: z.number().int().min(0).max(3600).default(60),
    /** Characters of each text (title, then text) sent to the model. */
    maxTextChars: z.number().int().min(100).max(100_000).default(2000),
    /** The dense cosine's share of an item's similarity to a story: (1 − weight)·tf-idf + weight·dense. */
    weight: z.number().min(0).max(1).default(0.5),
    /**
     * The same-event threshold on that mixed scale (the breaking-story and merge thresholds move with
     * it). A model's cosines have their own scale: 0.475 with weight 0.5 is what the topic
     * cross-validation on ECB+ chose for the Universal Sentence Encoder (`npm run bench:embeddings`).
     */
    similarity: z.number().min(0.01).max(1).default(0.475),
  })
  .strict();

export type EmbeddingsConfig = z.infer<typeof embeddingsConfigSchema>;

/** What vectors are cached under: the model, with the dimensions asked for when set (`text-embedding-3-small@256`). */
export const embeddingModelKey = (model: string, dimensions: number | undefined): string => (dimensions === undefined ? model : `${model}@${dimensions}`);

/** `stories`: story assignment settings (for now, the embedding provider). */
export const storiesConfigSchema = z
  .object({
    embeddings: embeddingsConfigSchema.prefault({}),
  })
  .strict();
