/** One structured request: system prompt, user message, the JSON schema the reply must follow. */
export interface LlmRequest {
  system: string;
  user: string;
  schema: Record<string, unknown>;
  /** Upper bound on output tokens for this request (grows with the batch). */
  maxOutputTokens: number;
}

export interface LlmCompletion {
  /** The reply: a JSON string (OpenAI) or an already-parsed tool input (Anthropic). */
  content: unknown;
  tokensIn: number;
  tokensOut: number;
}

/**
 * A thin adapter over one provider's official SDK: one HTTP exchange, no retries (the shared
 * analyzer retries, so backoff, budget and metrics are the same for every provider). Errors are
 * AppErrors (`UPSTREAM_RATE_LIMITED` with `retryAfterSeconds`, `UPSTREAM_UNAVAILABLE`, `TIMEOUT`,
 * `UPSTREAM_REJECTED`, `UPSTREAM_BAD_RESPONSE`) whose messages never contain the API key.
 */
export interface LlmClient {
  readonly provider: string;
  readonly model: string;
  complete(req: LlmRequest, signal?: AbortSignal): Promise<LlmCompletion>;
}
