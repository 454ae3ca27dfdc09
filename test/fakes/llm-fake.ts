import type { ServerResponse } from 'node:http';
import { countTokens } from 'gpt-tokenizer';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { startFakeServer, type FakeServer, type RecordedRequest } from './loopback-server.js';

/** An item as our prompt sends it. */
export interface FakeItem {
  id: string;
  title?: string;
  text: string;
}

/** What the fake model answers for one item (its reply entry, without the id). */
export type FakeLabeler = (item: FakeItem) => Record<string, unknown>;

/**
 * One scripted behaviour for the next request; once the script is empty the fake answers `ok`
 * (or the `setDefault` step). `timeout` never answers; `html` answers 200 with a web page.
 * `badLabels` and `missing` name request-local ids ("1", "2", …).
 */
export type LlmFakeStep =
  | { kind: 'ok' }
  | { kind: 'malformed' }
  | { kind: 'badLabels'; ids: string[] }
  | { kind: 'missing'; ids: string[] }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'recorded400' }
  | { kind: 'timeout' }
  | { kind: 'html' };

/** A default labeler with realistic output sizes: the heuristic's verdict in the reply format. */
export const heuristicLabeler: FakeLabeler = (item) => {
  const r = analyzeText({ text: item.text, title: item.title ?? null }, { products: [], competitors: [] });
  return {
    category: r.category,
    sentiment: r.sentiment,
    sentimentScore: r.sentimentScore,
    urgency: r.urgency,
    confidence: r.confidence,
    tags: r.tags,
    entities: { products: r.entities.products, organisations: r.entities.organisations, people: r.entities.people },
    reasoning: r.reasoning.slice(0, 200),
  };
};

export const tokens = (s: string): number => countTokens(s);

/** The items of a request, read from our user message (a JSON object with an `items` array). */
export const itemsOf = (userMessage: string): FakeItem[] => (JSON.parse(userMessage) as { items: FakeItem[] }).items;

/** Builds the reply object for a step (`ok`, `badLabels`, `missing`), or a broken JSON string for `malformed`. */
export const replyFor = (step: LlmFakeStep, items: readonly FakeItem[], label: FakeLabeler): { json: Record<string, unknown> | null; text: string } => {
  if (step.kind === 'malformed') return { json: null, text: '{"items": [{"id": "1", "category": "outage", "sentiment": "neg' };
  const out = items
    .filter((it) => !(step.kind === 'missing' && step.ids.includes(it.id)))
    .map((it) => ({ id: it.id, ...label(it), ...(step.kind === 'badLabels' && step.ids.includes(it.id) ? { category: 'catastrophe' } : {}) }));
  const json = { items: out };
  return { json, text: JSON.stringify(json) };
};

export interface LlmFakeCore {
  server: FakeServer;
  /** Steps used so far, one per request received on the API path. */
  served: LlmFakeStep[];
  script(...steps: LlmFakeStep[]): void;
  /** The step used once the script is empty (`ok` unless set): a server that always hangs, say. */
  setDefault(step: LlmFakeStep): void;
  label: FakeLabeler;
  setLabeler(l: FakeLabeler): void;
  /** Input and output tokens the fake reported, summed over 2xx replies. */
  usage: { tokensIn: number; tokensOut: number; requests: number };
}

/** What a web server (not the API) answers at a misconfigured base URL: 200 with an HTML page. */
export const sendHtml = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html>\n<html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>\n');
};

export const sendJson = (res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void => {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * The shared body of both provider fakes: a loopback server, a script queue and a labeler. The
 * provider file decides how a request is checked and how replies are shaped.
 */
export const startLlmFakeCore = async (
  handle: (req: RecordedRequest, res: ServerResponse, next: () => LlmFakeStep, core: LlmFakeCore) => void,
): Promise<LlmFakeCore> => {
  const queue: LlmFakeStep[] = [];
  let fallbackStep: LlmFakeStep = { kind: 'ok' };
  const core = {
    served: [] as LlmFakeStep[],
    label: heuristicLabeler,
    usage: { tokensIn: 0, tokensOut: 0, requests: 0 },
    script: (...steps: LlmFakeStep[]) => void queue.push(...steps),
    setDefault: (step: LlmFakeStep) => {
      fallbackStep = step;
    },
    setLabeler: (l: FakeLabeler) => {
      core.label = l;
    },
  } as Omit<LlmFakeCore, 'server'> & { server?: FakeServer };
  const next = (): LlmFakeStep => {
    const step = queue.shift() ?? fallbackStep;
    core.served.push(step);
    return step;
  };
  core.server = await startFakeServer((req, res) => handle(req, res, next, core as LlmFakeCore));
  return core as LlmFakeCore;
};
