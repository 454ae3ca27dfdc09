/*
 * A fake OpenAI-compatible embeddings server on 127.0.0.1: POST /v1/embeddings answers each input
 * text with a deterministic vector (`vectorOf`), from a script of steps like the LLM fakes (`ok`,
 * an HTTP status, `timeout` that never answers). A wrong key gets 401 with the key echoed in the
 * message, as OpenAI does, so tests can check that errors never carry it.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startFakeServer } from './loopback-server.js';

export const EMBEDDINGS_FAKE_KEY = 'sk-test-embed-0123456789abcdefSECRET';

export type EmbeddingsStep = { kind: 'ok' } | { kind: 'status'; status: number; retryAfter?: string } | { kind: 'timeout' } | { kind: 'short' };

export interface EmbeddingsRequest {
  model: string;
  input: string[];
  dimensions?: number;
  encoding_format?: string;
}

export interface EmbeddingsFake {
  /** Base URL for the SDK (`…/v1`). */
  baseUrl: string;
  /** Parsed bodies of the embeddings requests received (with the right key). */
  bodies: EmbeddingsRequest[];
  /** Every text asked for, over all requests. */
  inputs(): string[];
  /** Steps for the next requests, in order; then `ok`. */
  script(...steps: EmbeddingsStep[]): void;
  close(): Promise<void>;
}

/** A deterministic unit-free vector of `dims` values from the text's hash: unrelated texts are near orthogonal in high dimensions. */
export const hashVector = (text: string, dims = 256): number[] => {
  const out: number[] = [];
  for (let block = 0; out.length < dims; block++) {
    const h = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let i = 0; i + 1 < h.length && out.length < dims; i += 2) out.push(h.readInt16LE(i) / 32768);
  }
  return out;
};

const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const error = (type: string, message: string, code: string | null = null) => ({ error: { message, type, param: null, code } });

export const startEmbeddingsFake = async (opts: { apiKey?: string; vectorOf?: (text: string, dims: number) => number[] } = {}): Promise<EmbeddingsFake> => {
  const key = opts.apiKey ?? EMBEDDINGS_FAKE_KEY;
  const vectorOf = opts.vectorOf ?? hashVector;
  const bodies: EmbeddingsRequest[] = [];
  const steps: EmbeddingsStep[] = [];
  const server = await startFakeServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(res, 404, {}, error('invalid_request_error', `Unknown request URL: ${req.method} ${req.url}`, 'unknown_url'));
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${key}`) return send(res, 401, {}, error('invalid_request_error', `Incorrect API key provided: ${auth.replace(/^Bearer /, '')}.`, 'invalid_api_key'));
    const body = JSON.parse(req.body) as EmbeddingsRequest;
    bodies.push(body);
    const step = steps.shift() ?? { kind: 'ok' };
    if (step.kind === 'timeout') return; // never answers; the client's timeout fires
    if (step.kind === 'status') {
      const headers: Record<string, string> = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {};
      const e = step.status === 429 ? error('requests', 'Rate limit reached for requests', 'rate_limit_exceeded') : error('server_error', 'The server had an error while processing your request.');
      return send(res, step.status, headers, e);
    }
    const dims = body.dimensions ?? 256;
    const input = step.kind === 'short' ? body.input.slice(1) : body.input;
    const data = input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text, dims) }));
    const tokens = body.input.reduce((n, t) => n + t.split(/\s+/).length, 0);
    send(res, 200, {}, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  });
  return {
    baseUrl: `${server.url}/v1`,
    bodies,
    inputs: () => bodies.flatMap((b) => b.input),
    script: (...s) => void steps.push(...s),
    close: () => server.close(),
  };
};
