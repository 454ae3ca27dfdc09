import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { Clock } from '../../../platform/clock.js';
import type { LlmClient, LlmCompletion } from '../llm-client.port.js';
import { TOOL_NAME } from '../prompt.js';
import { notAnApiReply, toAppError } from '../sdk-errors.js';

export interface AnthropicClientOptions {
  apiKey: string;
  /** e.g. https://api.anthropic.com (the SDK appends /v1/messages). */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

const CLASSES = { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };

/** The Anthropic provider: Messages API on the official SDK, the schema enforced by a forced tool call. */
export const createAnthropicClient = (opts: AnthropicClientOptions, deps: { clock: Clock }): LlmClient => {
  const sdk = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseUrl, timeout: opts.timeoutMs, maxRetries: 0 });
  return {
    provider: 'anthropic',
    model: opts.model,
    async complete(req, signal): Promise<LlmCompletion> {
      let res: Anthropic.Message;
      try {
        res = await sdk.messages.create(
          {
            model: opts.model,
            max_tokens: req.maxOutputTokens,
            system: req.system,
            messages: [{ role: 'user', content: req.user }],
            tools: [{ name: TOOL_NAME, description: 'Record the triage verdict of every item.', input_schema: req.schema as Anthropic.Tool.InputSchema }],
            tool_choice: { type: 'tool', name: TOOL_NAME },
          },
          { signal },
        );
      } catch (err) {
        throw toAppError(err, 'anthropic', CLASSES, opts.apiKey, deps.clock.now().getTime());
      }
      if (typeof res !== 'object' || res === null || !Array.isArray((res as { content?: unknown }).content)) throw notAnApiReply('anthropic', 'a Messages API reply', res, opts.apiKey);
      const usage = { tokensIn: res.usage?.input_tokens ?? 0, tokensOut: res.usage?.output_tokens ?? 0 };
      const tool = res.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === TOOL_NAME);
      if (tool) return { content: tool.input, ...usage };
      // No tool call (should not happen with a forced tool_choice): try the text as JSON.
      const text = res.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      return { content: text, ...usage };
    },
  };
};
