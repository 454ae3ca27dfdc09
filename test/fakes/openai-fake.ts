import { randomUUID } from 'node:crypto';
import { lastResponse } from './llm-samples.js';
import { itemsOf, replyFor, sendHtml, sendJson, startLlmFakeCore, tokens, type LlmFakeCore, type LlmFakeStep } from './llm-fake.js';
import type { RecordedRequest } from './loopback-server.js';

export const OPENAI_FAKE_KEY = 'sk-test-openai-0123456789abcdefSECRET';

/** Recorded replies (pydantic-ai cassettes): a json_schema answer and a 400 error body. */
const OK = lastResponse('openai_test_openai_native_output');
const BAD_REQUEST = lastResponse('openai_test_openai_o1_mini_system_role_system');

export interface OpenAiFake extends LlmFakeCore {
  /** Base URL for the SDK (`…/v1`). */
  baseUrl: string;
  /** Parsed bodies of the chat.completions requests received. */
  bodies: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { schema: unknown } };
}

/**
 * Token counts the way the API reports them: o200k tokens of every message plus the chat format's
 * per-message overhead (4) and reply priming (3), plus the response schema; output = reply tokens.
 */
export const openAiPromptTokens = (b: ChatBody): number =>
  b.messages.reduce((n, m) => n + 4 + tokens(m.content), 3) + (b.response_format?.json_schema ? tokens(JSON.stringify(b.response_format.json_schema.schema)) : 0);

const error = (type: string, message: string, code: string | null = null) => ({ error: { message, type, param: null, code } });

/** A fake OpenAI-compatible server on 127.0.0.1 answering POST /v1/chat/completions from a script. */
export const startOpenAiFake = async (opts: { apiKey?: string } = {}): Promise<OpenAiFake> => {
  const key = opts.apiKey ?? OPENAI_FAKE_KEY;
  const bodies: Array<Record<string, unknown>> = [];
  const core = await startLlmFakeCore((req: RecordedRequest, res, next: () => LlmFakeStep, c) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, {}, error('invalid_request_error', `Unknown request URL: ${req.method} ${req.url}`, 'unknown_url'));
    if (req.headers.authorization !== `Bearer ${key}`) return sendJson(res, 401, {}, error('invalid_request_error', 'Incorrect API key provided.', 'invalid_api_key'));
    const body = JSON.parse(req.body) as ChatBody;
    bodies.push(body as unknown as Record<string, unknown>);
    const step = next();
    if (step.kind === 'html') return sendHtml(res);
    if (step.kind === 'timeout') return; // never answers; the client's timeout fires
    if (step.kind === 'recorded400') return sendJson(res, BAD_REQUEST.status, BAD_REQUEST.headers, BAD_REQUEST.body);
    if (step.kind === 'status') {
      const headers: Record<string, string> = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {};
      const e = step.status === 429 ? error('requests', 'Rate limit reached for requests', 'rate_limit_exceeded') : error('server_error', 'The server had an error while processing your request.');
      return sendJson(res, step.status, headers, e);
    }
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '{"items":[]}';
    const reply = replyFor(step, itemsOf(user), c.label);
    const promptTokens = openAiPromptTokens(body);
    const completionTokens = tokens(reply.text);
    c.usage.tokensIn += promptTokens;
    c.usage.tokensOut += completionTokens;
    c.usage.requests += 1;
    const out = structuredClone(OK.body) as { id: string; model: string; choices: Array<{ message: { content: string } }>; usage: Record<string, unknown> };
    out.id = `chatcmpl-${randomUUID()}`;
    out.model = body.model;
    (out.choices[0] as { message: { content: string } }).message.content = reply.text;
    out.usage = { ...out.usage, prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    sendJson(res, 200, { ...OK.headers, 'x-request-id': randomUUID() }, out);
  });
  return { ...core, baseUrl: `${core.server.url}/v1`, bodies, close: () => core.server.close() };
};
