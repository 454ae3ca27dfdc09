import { z } from 'zod';

/** USD per million tokens, as the providers publish them. */
const priceSchema = z
  .object({
    inputPerMTok: z.number().finite().min(0),
    outputPerMTok: z.number().finite().min(0),
  })
  .strict();

/** Daily spending limits across LLM providers (UTC days); unset means no limit. */
export const llmBudgetSchema = z
  .object({
    dailyUsd: z.number().finite().positive().optional(),
    dailyTokens: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Settings shared by the LLM providers (`analysis.llm`). Keys and base URLs live under
 * `providers.openai|anthropic` (env: OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL).
 */
export const llmConfigSchema = z
  .object({
    /** Items per LLM request. */
    batchSize: z.number().int().min(1).max(100).default(20),
    /** Per HTTP request. */
    timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
    /** HTTP attempts per request (429, 5xx, timeouts and connection errors are retried). */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** A Retry-After longer than this gives up at once (the heuristic answers). */
    maxRetryAfterSeconds: z.number().int().min(0).max(3600).default(60),
    /** First backoff delay; doubles per attempt when the server gives no Retry-After. */
    backoffMs: z.number().int().min(0).max(60_000).default(1000),
    /** Consecutive failed requests (errors after retries, unusable replies) after which the rest of a run goes to the heuristic at once; 0 = never. */
    circuitBreakerFailures: z.number().int().min(0).max(1000).default(3),
    /** Wall time one run (one `analyze`, one pipeline run, one `classify`) may spend on LLM requests, in seconds; then the heuristic answers the rest. 0 = no limit. */
    runTimeBudgetSeconds: z.number().int().min(0).max(86_400).default(900),
    /** Characters of each text sent to the model. */
    maxTextChars: z.number().int().min(100).max(100_000).default(4000),
    /** What the team cares about, in a sentence or two; goes into the prompt. */
    whatMatters: z.string().max(2000).default(''),
    /** `json_schema` (strict structured outputs) or `json_object` (JSON mode plus our validation) for OpenAI-compatible servers without structured outputs. */
    openaiResponseFormat: z.enum(['json_schema', 'json_object']).default('json_schema'),
    /** Default models when providers.<name>.model is not set. */
    openaiModel: z.string().min(1).default('gpt-4o-mini'),
    anthropicModel: z.string().min(1).default('claude-haiku-4-5'),
    /** Price table by model name; a model missing here is costed at 0 (a warning is logged). */
    prices: z
      .record(z.string().min(1), priceSchema)
      .default({
        'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
        'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
        'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
        'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
        'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
      }),
    budget: llmBudgetSchema.prefault({}),
  })
  .strict();

export type LlmConfig = z.infer<typeof llmConfigSchema>;
export type LlmPrice = z.infer<typeof priceSchema>;
