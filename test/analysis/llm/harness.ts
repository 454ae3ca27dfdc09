import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { createAnthropicClient } from '../../../src/analysis/llm/anthropic/anthropic.client.js';
import type { LlmClient } from '../../../src/analysis/llm/llm-client.port.js';
import { llmConfigSchema, type LlmConfig } from '../../../src/analysis/llm/llm.config.js';
import { createOpenAiClient } from '../../../src/analysis/llm/openai/openai.client.js';
import { createLogger, type Logger } from '../../../src/observability/logger.js';
import { noopMetrics, type Metrics } from '../../../src/observability/metrics.port.js';
import type { Clock } from '../../../src/platform/clock.js';
import { ANTHROPIC_FAKE_KEY, startAnthropicFake, type AnthropicFake } from '../../fakes/anthropic-fake.js';
import type { FakeLabeler } from '../../fakes/llm-fake.js';
import { OPENAI_FAKE_KEY, startOpenAiFake, type OpenAiFake } from '../../fakes/openai-fake.js';

export type AnyFake = OpenAiFake | AnthropicFake;

/** Both providers behind one table, so every scenario runs against each. */
export interface ProviderCase {
  name: 'openai' | 'anthropic';
  model: string;
  key: string;
  start(): Promise<AnyFake>;
  client(fake: AnyFake, clock: Clock, timeoutMs?: number): LlmClient;
}

export const PROVIDER_CASES: ProviderCase[] = [
  {
    name: 'openai',
    model: 'gpt-4o-mini',
    key: OPENAI_FAKE_KEY,
    start: () => startOpenAiFake(),
    client: (fake, clock, timeoutMs = 5000) => createOpenAiClient({ apiKey: OPENAI_FAKE_KEY, baseUrl: fake.baseUrl, model: 'gpt-4o-mini', timeoutMs, responseFormat: 'json_schema' }, { clock }),
  },
  {
    name: 'anthropic',
    model: 'claude-haiku-4-5',
    key: ANTHROPIC_FAKE_KEY,
    start: () => startAnthropicFake(),
    client: (fake, clock, timeoutMs = 5000) => createAnthropicClient({ apiKey: ANTHROPIC_FAKE_KEY, baseUrl: fake.baseUrl, model: 'claude-haiku-4-5', timeoutMs }, { clock }),
  },
];

export const llmConfig = (over: Record<string, unknown> = {}): LlmConfig => llmConfigSchema.parse({ backoffMs: 10, ...over });

/** A labeler whose verdict follows the text: "down" → outage, otherwise praise. */
export const testLabeler: FakeLabeler = (it) => {
  const down = it.text.includes('down');
  return {
    category: down ? 'outage' : 'praise',
    sentiment: down ? 'negative' : 'positive',
    sentimentScore: down ? -0.8 : 0.7,
    urgency: down ? 5 : 0,
    confidence: 0.9,
    tags: down ? ['Login Issues', 'outage'] : ['Kudos'],
    entities: { products: ['Brindlepost'], organisations: [], people: [] },
    reasoning: down ? 'llm: users cannot log in' : 'llm: happy user',
  };
};

/** Log lines as text, to check what was said and that no key leaked. */
export const captureLog = (): { log: Logger; lines: string[] } => {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { log: createLogger({ level: 'debug', format: 'json', destination: dest }), lines };
};

export interface MetricCall {
  hook: string;
  args: unknown[];
}

/** A Metrics port that records every hook call. */
export const recordingMetrics = (): { metrics: Metrics; calls: MetricCall[] } => {
  const calls: MetricCall[] = [];
  const metrics = Object.fromEntries(Object.keys(noopMetrics).map((hook) => [hook, (...args: unknown[]) => void calls.push({ hook, args })])) as unknown as Metrics;
  return { metrics, calls };
};

export interface StoredAnalysis {
  item_id: number;
  category: string;
  sentiment: string;
  sentiment_score: number;
  urgency: number;
  confidence: number;
  tags: string[];
  entities: Record<string, string[]>;
  reasoning: string;
  provider: string;
  model: string;
  prompt_version: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  fallback: number;
}

/** The analyses table as stored, read straight from the SQLite file. */
export const readAnalyses = (dir: string): StoredAnalysis[] => {
  const db = new Database(join(dir, 'llm.db'), { readonly: true });
  try {
    const rows = db.prepare('select * from analyses order by item_id').all() as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      item_id: Number(r.item_id),
      category: String(r.category),
      sentiment: String(r.sentiment),
      sentiment_score: Number(r.sentiment_score),
      urgency: Number(r.urgency),
      confidence: Number(r.confidence),
      tags: JSON.parse(String(r.tags)) as string[],
      entities: JSON.parse(String(r.entities)) as Record<string, string[]>,
      reasoning: String(r.reasoning),
      provider: String(r.provider),
      model: String(r.model),
      prompt_version: String(r.prompt_version),
      tokens_in: Number(r.tokens_in),
      tokens_out: Number(r.tokens_out),
      cost_usd: Number(r.cost_usd),
      fallback: Number(r.fallback),
    }));
  } finally {
    db.close();
  }
};
