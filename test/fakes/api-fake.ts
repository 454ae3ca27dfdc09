import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeServer, type RecordedRequest } from './loopback-server.js';

/** Recorded API responses committed under `test/fixtures/api-samples` (origin and licence in its README). */
export const SAMPLES_DIR = fileURLToPath(new URL('../fixtures/api-samples', import.meta.url));
/** Real-world feeds and rss-parser's own parse of each (`test/fixtures/feeds`, copied from rss-parser, MIT). */
export const FEEDS_DIR = fileURLToPath(new URL('../fixtures/feeds/rss-parser', import.meta.url));
export const FEEDS_EXPECTED_DIR = fileURLToPath(new URL('../fixtures/feeds/rss-parser-expected', import.meta.url));

export const readSample = (path: string): string => readFileSync(join(SAMPLES_DIR, path), 'utf8');
export const readSampleJson = <T = unknown>(path: string): T => JSON.parse(readSample(path)) as T;

/** One scripted answer: a string or Buffer body is sent as is, anything else as JSON; `hang` never answers. */
export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  hang?: boolean;
}

export interface FakeRequest extends RecordedRequest {
  path: string;
  params: URLSearchParams;
}

export type FakeRoute = (req: FakeRequest) => FakeResponse | undefined;

export interface ApiFake {
  url: string;
  requests: FakeRequest[];
  /** Requests nothing answered (no route, queue empty): each one fails the test that checks. */
  problems: string[];
  /** Scripted answers served first, in order, for requests whose path starts with `pathPrefix`. */
  enqueue(pathPrefix: string, ...responses: FakeResponse[]): void;
  /** Answers requests under `pathPrefix` once its queue is empty. */
  route(pathPrefix: string, handler: FakeRoute): void;
  close(): Promise<void>;
}

const send = (res: ServerResponse, r: FakeResponse): void => {
  const body = typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') && typeof r.body === 'object' && !Buffer.isBuffer(r.body)) headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(r.status ?? 200, headers);
  res.end(body);
};

/** A scripted HTTP API on 127.0.0.1 (the base for the Reddit, HN, GitHub, arXiv and feed fakes). */
export const startApiFake = async (): Promise<ApiFake> => {
  const queues: { prefix: string; items: FakeResponse[] }[] = [];
  const routes: { prefix: string; handler: FakeRoute }[] = [];
  const requests: FakeRequest[] = [];
  const problems: string[] = [];
  const server = await startFakeServer((rec, res) => {
    const u = new URL(rec.url, 'http://fake');
    const req: FakeRequest = { ...rec, path: u.pathname, params: u.searchParams };
    requests.push(req);
    const queue = queues.find((q) => req.path.startsWith(q.prefix) && q.items.length > 0);
    let answer = queue?.items.shift();
    if (answer === undefined) answer = routes.find((r) => req.path.startsWith(r.prefix))?.handler(req);
    if (answer === undefined) {
      problems.push(`unexpected ${req.method} ${rec.url}`);
      send(res, { status: 599, body: 'no scripted answer' });
      return;
    }
    if (answer.hang) return;
    send(res, answer);
  });
  return {
    url: server.url,
    requests,
    problems,
    enqueue(prefix, ...responses) {
      const q = queues.find((x) => x.prefix === prefix);
      if (q) q.items.push(...responses);
      else queues.push({ prefix, items: [...responses] });
    },
    route(prefix, handler) {
      routes.push({ prefix, handler });
    },
    close: () => server.close(),
  };
};

/** Headers of a recorded cassette (name → values[]) as one lower-cased map, minus transfer headers. */
export const flattenHeaders = (headers: Record<string, string[] | string | number>): Record<string, string> => {
  const skip = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection']);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!skip.has(k.toLowerCase())) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
};
