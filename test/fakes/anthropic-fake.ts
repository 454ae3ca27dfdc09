import { randomUUID } from 'node:crypto';
import { lastResponse } from './llm-samples.js';
import { itemsOf, replyFor, sendHtml, sendJson, startLlmFakeCore, tokens, type LlmFakeCore, type LlmFakeStep } from './llm-fake.js';
import type { RecordedRequest } from './loopback-server.js';

export const ANTHROPIC_FAKE_KEY = 'sk-ant-test-0123456789abcdefSECRET';

/** Recorded replies (pydantic-ai cassettes): a forced tool_use answer and a 400 error body. */
const OK = lastResponse('anthropic_test_anthropic_tool_output');
const BAD_REQUEST = lastResponse('anthropic_test_anthropic_explicit_effort_xhigh_unsupported_model_errors');

/** Anthropic's documented tool-use system prompt size with tool_choice `any`/`tool` (Claude 4 models). */
const TOOL_CHOICE_OVERHEAD = 313;

export interface AnthropicFake extends LlmFakeCore {
  /** Base URL for the SDK (it appends /v1/messages). */
  baseUrl: string;
  bodies: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

interface MessagesBody {
  model: string;
  system?: string;
  messages: Array<{ role: string; content: string }>;
  tools?: unknown[];
  tool_choice?: { type: string; name?: string };
}

/** Input tokens as the API counts them: system, messages, tool definitions and the tool-use system prompt. */
export const anthropicInputTokens = (b: MessagesBody): number =>
  tokens(b.system ?? '') + b.messages.reduce((n, m) => n + 3 + tokens(m.content), 0) + (b.tools ? tokens(JSON.stringify(b.tools)) + TOOL_CHOICE_OVERHEAD : 0);

const error = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: `req_${randomUUID().replace(/-/g, '')}` });

/** A fake Anthropic Messages API on 127.0.0.1 answering POST /v1/messages from a script. */
export const startAnthropicFake = async (opts: { apiKey?: string } = {}): Promise<AnthropicFake> => {
  const key = opts.apiKey ?? ANTHROPIC_FAKE_KEY;
  const bodies: Array<Record<string, unknown>> = [];
  const core = await startLlmFakeCore((req: RecordedRequest, res, next: () => LlmFakeStep, c) => {
    if (req.method !== 'POST' || req.url !== '/v1/messages') return sendJson(res, 404, {}, error('not_found_error', `Not found: ${req.url}`));
    // SDK 1.x sends the key as a bearer token; older SDKs and curl examples use x-api-key.
    if (req.headers['x-api-key'] !== key && req.headers.authorization !== `Bearer ${key}`) return sendJson(res, 401, {}, error('authentication_error', 'invalid x-api-key'));
    if (!req.headers['anthropic-version']) return sendJson(res, 400, {}, error('invalid_request_error', 'anthropic-version: header is required'));
    const body = JSON.parse(req.body) as MessagesBody;
    bodies.push(body as unknown as Record<string, unknown>);
    const step = next();
    if (step.kind === 'html') return sendHtml(res);
    if (step.kind === 'timeout') return;
    if (step.kind === 'recorded400') return sendJson(res, BAD_REQUEST.status, BAD_REQUEST.headers, BAD_REQUEST.body);
    if (step.kind === 'status') {
      const headers: Record<string, string> = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {};
      const e = step.status === 429 ? error('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit') : error('api_error', 'Internal server error');
      return sendJson(res, step.status, headers, e);
    }
    const reply = replyFor(step, itemsOf(body.messages[0]?.content ?? '{"items":[]}'), c.label);
    const inputTokens = anthropicInputTokens(body);
    const outputTokens = tokens(reply.text) + 20; // tool_use block framing
    c.usage.tokensIn += inputTokens;
    c.usage.tokensOut += outputTokens;
    c.usage.requests += 1;
    const out = structuredClone(OK.body) as { id: string; model: string; content: unknown[]; usage: Record<string, unknown> };
    out.id = `msg_${randomUUID().replace(/-/g, '')}`;
    out.model = body.model;
    out.content =
      reply.json === null
        ? [{ type: 'text', text: reply.text }]
        : [{ type: 'tool_use', id: `toolu_${randomUUID().replace(/-/g, '')}`, name: body.tool_choice?.name ?? 'final_result', input: reply.json }];
    out.usage = { ...out.usage, input_tokens: inputTokens, output_tokens: outputTokens };
    sendJson(res, 200, OK.headers, out);
  });
  return { ...core, baseUrl: core.server.url, bodies, close: () => core.server.close() };
};
