/*
 * LLM cost benchmark: 1,000 real texts (airline tweets from ../shared/data or `--data DIR`, skipped
 * with one line when absent; 30 % of them
 * repeats) through loopback fakes of the OpenAI and Anthropic APIs that count tokens the way the
 * APIs report them (o200k tokens of every message, the response schema or tool definitions and the
 * documented per-message and tool-use overheads). Modes per provider: one item per request with no
 * cache; batches of 20 with the database cache; then a re-run of the same items. Prints tokens and
 * estimated cost per 1,000 items, writes docs/bench/llm.md. Asserts nothing.
 * Run: npm run bench:llm [-- --items N] [-- --json]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AnalyzerInput } from '../src/analysis/analyzer.port.js';
import { createHeuristicAnalyzer } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { createAnthropicClient } from '../src/analysis/llm/anthropic/anthropic.client.js';
import type { LlmClient } from '../src/analysis/llm/llm-client.port.js';
import { llmConfigSchema } from '../src/analysis/llm/llm.config.js';
import { createLlmAnalyzer } from '../src/analysis/llm/llm.analyzer.js';
import { createMemoryLedger } from '../src/analysis/llm/memory.ledger.js';
import { createOpenAiClient } from '../src/analysis/llm/openai/openai.client.js';
import { silentLogger } from '../src/observability/logger.js';
import { fixedClock } from '../src/platform/clock.js';
import { createKyselyStore } from '../src/store/kysely/kysely.store.js';
import type { LlmLedger } from '../src/store/llm.port.js';
import { ANTHROPIC_FAKE_KEY, startAnthropicFake } from '../test/fakes/anthropic-fake.js';
import type { LlmFakeCore } from '../test/fakes/llm-fake.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../test/fakes/openai-fake.js';
import { positiveIntArg } from './args.js';
import { parseCsvRecords } from './csv.js';
import { requireBenchData, ROOT } from './data-dir.js';

const TWEETS = 'airline/Tweets.csv';
const DATA = requireBenchData('bench:llm', [TWEETS]);
const COMMAND = 'npm run bench:llm';
const N = positiveIntArg('items', 1000);
const JSON_OUT = process.argv.includes('--json');
const REPEAT_SHARE = 0.3;
const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
const config = llmConfigSchema.parse({});
const TEAM = { products: ['Virgin America', 'United', 'Southwest', 'Delta', 'US Airways', 'American', 'JetBlue'], competitors: [], organisations: [], whatMatters: 'Delays, cancellations and lost luggage.' };

/** N items: (1 − 30 %) distinct tweets, the rest repeats of them, shuffled deterministically. */
const loadItems = (): AnalyzerInput[] => {
  const file = resolve(DATA, TWEETS);
  const distinct = [...new Set(parseCsvRecords(readFileSync(file, 'utf8')).map((r) => r.text ?? ''))].filter((t) => t.length > 0);
  const unique = Math.round(N * (1 - REPEAT_SHARE));
  const texts = distinct.slice(0, unique);
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = unique; i < N; i += 1) texts.push(texts[Math.floor(rnd() * unique)] as string);
  for (let i = texts.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [texts[i], texts[j]] = [texts[j] as string, texts[i] as string];
  }
  return texts.map((text, i) => ({ id: String(i), text }));
};

/** A ledger that remembers nothing: the one-item-per-request baseline pays for every item. */
const noCache = (inner: LlmLedger): LlmLedger => ({ ...inner, getCached: async () => new Map(), putCached: async () => undefined });

interface ModeFigures {
  requests: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

const measure = async (fake: LlmFakeCore, run: () => Promise<void>, price: { inputPerMTok: number; outputPerMTok: number }): Promise<ModeFigures> => {
  const before = { ...fake.usage };
  await run();
  const tokensIn = fake.usage.tokensIn - before.tokensIn;
  const tokensOut = fake.usage.tokensOut - before.tokensOut;
  return { requests: fake.usage.requests - before.requests, tokensIn, tokensOut, costUsd: (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1e6 };
};

const runProvider = async (name: 'openai' | 'anthropic', items: AnalyzerInput[]): Promise<Record<'perItem' | 'batched' | 'rerun', ModeFigures>> => {
  const fake = name === 'openai' ? await startOpenAiFake() : await startAnthropicFake();
  const model = name === 'openai' ? config.openaiModel : config.anthropicModel;
  const client = (): LlmClient =>
    name === 'openai'
      ? createOpenAiClient({ apiKey: OPENAI_FAKE_KEY, baseUrl: (fake as { baseUrl: string }).baseUrl, model, timeoutMs: 30_000, responseFormat: 'json_schema' }, { clock })
      : createAnthropicClient({ apiKey: ANTHROPIC_FAKE_KEY, baseUrl: (fake as { baseUrl: string }).baseUrl, model, timeoutMs: 30_000 }, { clock });
  const dir = mkdtempSync(join(tmpdir(), 'harvest-llm-bench-'));
  const store = createKyselyStore({ path: join(dir, 'bench.db') }, clock);
  try {
    await store.migrate();
    const price = config.prices[model] ?? { inputPerMTok: 0, outputPerMTok: 0 };
    const deps = (ledger: LlmLedger) => ({ client: client(), fallback: createHeuristicAnalyzer({ products: TEAM.products, competitors: [] }), ledger, clock, sleep: async () => undefined, log: silentLogger() });
    const single = createLlmAnalyzer({ ...config, batchSize: 1 }, TEAM, deps(noCache(createMemoryLedger())));
    const perItem = await measure(fake, async () => {
      for (const it of items) await single.analyze([it]);
    }, price);
    const batchedAnalyzer = createLlmAnalyzer(config, TEAM, deps(store.llm));
    const inChunks = async (): Promise<void> => {
      for (let i = 0; i < items.length; i += 500) await batchedAnalyzer.analyze(items.slice(i, i + 500)); // the analyze stage's transaction size
    };
    const batched = await measure(fake, inChunks, price);
    const rerun = await measure(fake, inChunks, price);
    return { perItem, batched, rerun };
  } finally {
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const per1000 = (v: number): number => (v * 1000) / N;
const total = (f: ModeFigures): number => f.tokensIn + f.tokensOut;

const main = async (): Promise<void> => {
  const items = loadItems();
  const results = { openai: await runProvider('openai', items), anthropic: await runProvider('anthropic', items) };
  const sum = (mode: 'perItem' | 'batched' | 'rerun'): number => total(results.openai[mode]) + total(results.anthropic[mode]);
  const summary = {
    perItemTokens: sum('perItem'),
    batchedTokens: sum('batched'),
    ratio: Number((sum('batched') / sum('perItem')).toFixed(4)),
    rerunTokens: sum('rerun'),
    items: N,
    byProvider: Object.fromEntries(
      Object.entries(results).map(([p, r]) => [p, { perItemTokens: total(r.perItem), batchedTokens: total(r.batched), ratio: Number((total(r.batched) / total(r.perItem)).toFixed(4)), rerunTokens: total(r.rerun), perItemUsd: r.perItem.costUsd, batchedUsd: r.batched.costUsd }]),
    ),
  };
  if (JSON_OUT) {
    console.log(JSON.stringify(summary));
    return;
  }
  const rows: string[] = [];
  for (const [p, r] of Object.entries(results)) {
    const model = p === 'openai' ? config.openaiModel : config.anthropicModel;
    for (const [mode, label] of [['perItem', 'one item per request, no cache'], ['batched', `batches of ${config.batchSize} + cache`], ['rerun', 're-run (cache)']] as const) {
      const f = r[mode];
      rows.push(`| ${p} (${model}) | ${label} | ${f.requests} | ${Math.round(per1000(f.tokensIn))} | ${Math.round(per1000(f.tokensOut))} | ${Math.round(per1000(total(f)))} | $${per1000(f.costUsd).toFixed(4)} |`);
    }
  }
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const md = [
    '# LLM tokens and cost',
    '',
    `Produced by \`${COMMAND}\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}). ${N} airline tweets from \`../shared/data\`, ${Math.round(REPEAT_SHARE * 100)} % of them repeated texts,`,
    'through loopback fakes of each API built from the recorded responses; the fakes count tokens with the o200k tokenizer plus the',
    'documented chat and tool-use overheads (an approximation for Anthropic, whose tokenizer is not public). Prices: the default',
    '`analysis.llm.prices`. Figures are per 1,000 items.',
    '',
    '| provider | mode | requests | input tokens | output tokens | total tokens | est. cost |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| figure | measured | target |  |',
    '| --- | --- | --- | --- |',
    `| batched + cache / one-per-request tokens (both providers) | ${(summary.ratio * 100).toFixed(1)} % | ≤ 30 % | ${met(summary.ratio <= 0.3)} |`,
    `| re-run tokens | ${summary.rerunTokens} | 0 | ${met(summary.rerunTokens === 0)} |`,
    '',
  ].join('\n');
  console.log(md);
  mkdirSync(resolve(ROOT, 'docs/bench'), { recursive: true });
  writeFileSync(resolve(ROOT, 'docs/bench/llm.md'), md);
};

await main();
