import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeServer, type FakeServer, type RecordedRequest } from './loopback-server.js';

/** Recorded X responses and our own documented-shape examples (`test/fixtures/api-samples/x`). */
export const X_SAMPLES_DIR = fileURLToPath(new URL('../fixtures/api-samples/x', import.meta.url));

export const X_SEARCH_PATH = '/2/tweets/search/recent';

/** One scripted answer. A string body is sent as is (e.g. not JSON); anything else as JSON. */
export interface XFakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A scripted answer, or a function of the request (its query parameters) that produces one. */
export type XFakeScript = XFakeResponse | ((req: XFakeRequest) => XFakeResponse);

export interface XFakeRequest extends RecordedRequest {
  path: string;
  params: URLSearchParams;
}

export interface XFakeTweet {
  id: string;
  text: string;
  author_id?: string;
  [field: string]: unknown;
}

export interface XFakeCorpus {
  /** Any order; served newest (largest id) first, like X. */
  tweets: XFakeTweet[];
  users?: { id: string; [field: string]: unknown }[];
}

export interface XFake {
  url: string;
  /** Every request to the search endpoint, in order. */
  requests: XFakeRequest[];
  /** Requests the fake could not answer (wrong path, bad Authorization, script exhausted). */
  problems: string[];
  /** Appends scripted answers; they are served before the corpus. */
  enqueue(...scripts: XFakeScript[]): void;
  /** Answers with search semantics (since_id, max_results, next_token) over these tweets once the queue is empty. */
  useCorpus(corpus: XFakeCorpus): void;
  close(): Promise<void>;
}

export const readXSample = <T = unknown>(file: string): T => JSON.parse(readFileSync(join(X_SAMPLES_DIR, file), 'utf8')) as T;

interface Cassette {
  interactions: { status: { code: number }; headers: Record<string, string[]>; body: unknown }[];
}

/** Headers that described the recorded transfer, not the body we re-send. */
const TRANSFER_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection']);

/** A recorded cassette interaction replayed as is: status, body, and headers such as x-rate-limit-*. */
export const cassetteResponse = (file: string, index = 0): XFakeResponse => {
  const interaction = readXSample<Cassette>(file).interactions[index];
  if (!interaction) throw new Error(`${file} has no interaction ${index}`);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(interaction.headers)) {
    if (!TRANSFER_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = values.join(', ');
  }
  return { status: interaction.status.code, body: interaction.body, headers };
};

export const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}): XFakeResponse => ({ status, body, headers });

const newestFirst = (a: XFakeTweet, b: XFakeTweet): number => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

/** A search page over `tweets` (already newest first) with meta and the authors in includes.users. */
export const searchPage = (tweets: XFakeTweet[], users: XFakeCorpus['users'] = [], nextToken?: string): Record<string, unknown> => {
  if (tweets.length === 0) return { meta: { result_count: 0 } };
  const authors = new Set(tweets.map((t) => t.author_id));
  const included = users.filter((u) => authors.has(u.id));
  return {
    data: tweets,
    ...(included.length > 0 ? { includes: { users: included } } : {}),
    meta: {
      newest_id: tweets[0]?.id,
      oldest_id: tweets[tweets.length - 1]?.id,
      result_count: tweets.length,
      ...(nextToken === undefined ? {} : { next_token: nextToken }),
    },
  };
};

/** Pages of `pageSize` over the tweets, newest first, chained by next_token (`page-2`, `page-3`, …). */
export const paginate = (corpus: XFakeCorpus, pageSize: number): XFakeResponse[] => {
  const sorted = [...corpus.tweets].sort(newestFirst);
  const pages: XFakeResponse[] = [];
  for (let i = 0; i < sorted.length; i += pageSize) {
    const next = i + pageSize < sorted.length ? `page-${pages.length + 2}` : undefined;
    pages.push(jsonResponse(searchPage(sorted.slice(i, i + pageSize), corpus.users, next)));
  }
  return pages.length > 0 ? pages : [jsonResponse(searchPage([]))];
};

/**
 * Search over a corpus as X does it: ids > since_id, newest first, max_results a page. The token
 * `below-<id>` continues under the last id served, so it stays valid when newer tweets arrive.
 */
const corpusAnswer = (corpus: XFakeCorpus, req: XFakeRequest): XFakeResponse => {
  const sinceId = req.params.get('since_id');
  const size = Number(req.params.get('max_results') ?? '10');
  const token = req.params.get('next_token');
  const below = token === null ? undefined : /^below-(\d+)$/.exec(token)?.[1];
  if (token !== null && below === undefined) {
    return jsonResponse(
      { title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', errors: [{ message: `Invalid next_token: ${token}` }] },
      400,
    );
  }
  const matching = [...corpus.tweets]
    .sort(newestFirst)
    .filter((t) => (sinceId === null || BigInt(t.id) > BigInt(sinceId)) && (below === undefined || BigInt(t.id) < BigInt(below)));
  const slice = matching.slice(0, size);
  const last = slice[slice.length - 1];
  const next = matching.length > size && last ? `below-${last.id}` : undefined;
  return jsonResponse(searchPage(slice, corpus.users, next));
};

const send = (res: ServerResponse, answer: XFakeResponse): void => {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...(answer.headers ?? {}) });
  res.end(body);
};

/** X's own answer to a missing or wrong bearer token. */
const UNAUTHORIZED = jsonResponse({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, 401);

/**
 * A loopback X API: asserts `Authorization: Bearer <token>`, records every request, answers from a
 * queue of scripted responses and then from an optional corpus.
 */
export const startXFake = async (opts: { bearerToken: string; scripts?: XFakeScript[]; corpus?: XFakeCorpus }): Promise<XFake> => {
  const queue: XFakeScript[] = [...(opts.scripts ?? [])];
  const requests: XFakeRequest[] = [];
  const problems: string[] = [];
  let corpus = opts.corpus;
  const server: FakeServer = await startFakeServer((rec, res) => {
    const url = new URL(rec.url, 'http://127.0.0.1');
    const req: XFakeRequest = { ...rec, path: url.pathname, params: url.searchParams };
    if (req.method !== 'GET' || req.path !== X_SEARCH_PATH) {
      problems.push(`unexpected ${req.method} ${req.path}`);
      send(res, jsonResponse({ title: 'Not Found Error', detail: `no route ${req.path}` }, 404));
      return;
    }
    requests.push(req);
    if (req.headers.authorization !== `Bearer ${opts.bearerToken}`) {
      problems.push(`request ${requests.length} had a wrong Authorization header`);
      send(res, UNAUTHORIZED);
      return;
    }
    const script = queue.shift();
    if (script !== undefined) {
      send(res, typeof script === 'function' ? script(req) : script);
      return;
    }
    if (corpus !== undefined) {
      send(res, corpusAnswer(corpus, req));
      return;
    }
    problems.push(`request ${requests.length} arrived after the script ran out`);
    send(res, jsonResponse({ title: 'x-fake', detail: 'no scripted response left' }, 418));
  });
  return {
    url: server.url,
    requests,
    problems,
    enqueue: (...scripts) => void queue.push(...scripts),
    useCorpus: (c) => {
      corpus = c;
    },
    close: () => server.close(),
  };
};
