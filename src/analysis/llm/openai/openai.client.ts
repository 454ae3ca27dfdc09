import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { upstreamBadResponse } from '../../../domain/errors.js';
import type { Clock } from '../../../platform/clock.js';
import type { LlmClient, LlmCompletion, LlmRequest } from '../llm-client.port.js';
import { TOOL_NAME } from '../prompt.js';
import { notAnApiReply, toAppError } from '../sdk-errors.js';

export interface OpenAiClientOptions {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, https://api.x.ai/v1, http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  /** `json_schema`: strict structured outputs; `json_object`: JSON mode, validated by us. */
  responseFormat: 'json_schema' | 'json_object';
}

const CLASSES = { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };

/** The OpenAI-compatible provider: chat.completions on the official SDK, any base URL. */
export const createOpenAiClient = (opts: OpenAiClientOptions, deps: { clock: Clock }): LlmClient => {
  const sdk = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseUrl, timeout: opts.timeoutMs, maxRetries: 0 });
  const responseFormat = (req: LlmRequest): OpenAI.ChatCompletionCreateParams['response_format'] =>
    opts.responseFormat === 'json_schema'
      ? { type: 'json_schema', json_schema: { name: TOOL_NAME, strict: true, schema: req.schema } }
      : { type: 'json_object' };
  return {
    provider: 'openai',
    model: opts.model,
    async complete(req, signal): Promise<LlmCompletion> {
      let res: OpenAI.ChatCompletion;
      try {
        res = await sdk.chat.completions.create(
          {
            model: opts.model,
            messages: [
              { role: 'system', content: req.system },
              { role: 'user', content: req.user },
            ],
            response_format: responseFormat(req),
            max_completion_tokens: req.maxOutputTokens,
          },
          { signal },
        );
      } catch (err) {
        throw toAppError(err, 'openai', CLASSES, opts.apiKey, deps.clock.now().getTime());
      }
      if (typeof res !== 'object' || res === null || !Array.isArray((res as { choices?: unknown }).choices)) throw notAnApiReply('openai', 'a chat completion', res, opts.apiKey);
      const choice = res.choices[0];
      const usage = { tokensIn: res.usage?.prompt_tokens ?? 0, tokensOut: res.usage?.completion_tokens ?? 0 };
      if (choice?.message.refusal) return { content: { refusal: choice.message.refusal }, ...usage };
      if (typeof choice?.message.content !== 'string') {
        throw Object.assign(upstreamBadResponse(`openai: reply has no message content (finish_reason ${choice?.finish_reason ?? 'none'})`), { usage });
      }
      return { content: choice.message.content, ...usage };
    },
  };
};
