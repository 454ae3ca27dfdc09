import { contentHash } from '../../domain/content-hash.js';
import type { AnalysisResult, Provenance } from '../../domain/analysis.js';
import type { Logger } from '../../observability/logger.js';
import { noopMetrics, type Metrics } from '../../observability/metrics.port.js';
import type { Clock, Sleep } from '../../platform/clock.js';
import type { LlmCacheScope, LlmLedger } from '../../store/llm.port.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.port.js';
import { createBatchSender, zeroSpend, type CallState, type FallbackReason, type Unique } from './batch.sender.js';
import { createBudget, createCostEstimator } from './budget.js';
import type { LlmClient } from './llm-client.port.js';
import type { LlmConfig } from './llm.config.js';
import { promptVersionFor, replySchema, systemPrompt, type TeamContext } from './prompt.js';
import { canonicalNames, nameIndex, topicIndex } from './reply.parse.js';
import { createRunGuard, type RunGuard } from './run-guard.js';

export type { FallbackReason } from './batch.sender.js';

export interface LlmAnalyzerDeps {
  client: LlmClient;
  /** Answers whatever the LLM cannot: the heuristic analyzer. */
  fallback: Analyzer;
  ledger: LlmLedger;
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  metrics?: Metrics;
  /** Monotonic milliseconds for the run's time budget (default performance.now; the Clock may be frozen). */
  monotonicMs?: () => number;
}

const REASONS: readonly FallbackReason[] = ['error', 'budget', 'invalid', 'circuit', 'deadline'];

/** Distinct texts of a call, each with every input index that carries it. */
const uniquesOf = (inputs: readonly AnalyzerInput[]): Map<string, Unique> => {
  const uniques = new Map<string, Unique>();
  inputs.forEach((input, i) => {
    const hash = contentHash(input.title, input.text);
    const u = uniques.get(hash);
    if (u) u.indices.push(i);
    else uniques.set(hash, { hash, input, indices: [i] });
  });
  return uniques;
};

/**
 * The LLM analyzer shared by every provider: cache by content hash, batches of `batchSize` items
 * identified by request-local ids, validation of every item, one retry of just the rejected items,
 * a daily budget, a circuit breaker and time budget per run, and the heuristic (with `fallback`
 * set) for whatever is still unanswered. Each `analyze` call is a run of its own unless made
 * through `startRun()`, which the analyze stage calls once per pipeline run.
 */
export const createLlmAnalyzer = (config: LlmConfig, team: TeamContext, deps: LlmAnalyzerDeps): Analyzer => {
  const { client, ledger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const log = deps.log.child({ component: 'analyzer', provider: client.provider, model: client.model });
  const topics = team.researchTopics ?? [];
  const promptVersion = promptVersionFor(topics);
  const scope: LlmCacheScope = { provider: client.provider, model: client.model, promptVersion };
  const names = nameIndex(team);
  const sendBatch = createBatchSender({
    client,
    ledger,
    clock: deps.clock,
    sleep: deps.sleep,
    log,
    metrics,
    scope,
    system: systemPrompt(team),
    schema: replySchema(topics),
    taxonomy: topicIndex(topics),
    maxTextChars: config.maxTextChars,
    policy: { maxAttempts: config.maxAttempts, backoffMs: config.backoffMs, maxRetryAfterSeconds: config.maxRetryAfterSeconds },
    budget: createBudget(config.budget, { ledger, clock: deps.clock, log, metrics }),
    cost: createCostEstimator(config.prices, client.model, log),
  });
  const newGuard = (): RunGuard => createRunGuard(config, { log, now: deps.monotonicMs });

  const provenance = (p: Partial<Provenance>): Provenance => ({
    provider: client.provider,
    model: client.model,
    promptVersion,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    fallback: false,
    ...p,
  });

  /** One output per input: the LLM's verdict, or the heuristic's with `fallback` set; duplicates of a text cost nothing. */
  const assemble = async (inputs: readonly AnalyzerInput[], uniques: Map<string, Unique>, st: CallState, signal?: AbortSignal): Promise<AnalyzerOutput[]> => {
    const outputs: AnalyzerOutput[] = new Array<AnalyzerOutput>(inputs.length);
    const needFallback = [...uniques.values()].filter((u) => st.failed.has(u.hash));
    const fbOutputs = needFallback.length > 0 ? await deps.fallback.analyze(needFallback.map((u) => u.input), signal) : [];
    const fb = new Map(needFallback.map((u, k) => [u.hash, fbOutputs[k]]));
    const counts = new Map<FallbackReason, number>();
    for (const u of uniques.values()) {
      const spent = st.spend.get(u.hash) ?? zeroSpend();
      const fbOut = fb.get(u.hash);
      u.indices.forEach((idx, n) => {
        const paid = n === 0 ? spent : zeroSpend();
        const input = inputs[idx] as AnalyzerInput;
        if (fbOut) {
          const reason = st.failed.get(u.hash) as FallbackReason;
          counts.set(reason, (counts.get(reason) ?? 0) + 1);
          outputs[idx] = { id: input.id, result: structuredClone(fbOut.result), provenance: { ...fbOut.provenance, ...paid, fallback: true } };
        } else {
          const result = canonicalNames(structuredClone(st.answered.get(u.hash) as AnalysisResult), names);
          outputs[idx] = topics.length > 0 ? { id: input.id, result, provenance: provenance(paid), llmTopic: st.topics.get(u.hash) ?? null } : { id: input.id, result, provenance: provenance(paid) };
        }
      });
    }
    for (const reason of REASONS) if (counts.get(reason)) metrics.analyzerFallback(client.provider, client.model, reason, counts.get(reason) as number);
    return outputs;
  };

  const analyzeIn = async (guard: RunGuard, inputs: readonly AnalyzerInput[], signal?: AbortSignal): Promise<AnalyzerOutput[]> => {
    signal?.throwIfAborted();
    const uniques = uniquesOf(inputs);
    const cached = await ledger.getCached(scope, [...uniques.keys()]);
    const st: CallState = { answered: new Map([...cached].map(([h, v]) => [h, v.result])), topics: new Map(), failed: new Map(), spend: new Map() };
    for (const [h, v] of cached) if (v.topic !== undefined) st.topics.set(h, v.topic);
    const todo = [...uniques.values()].filter((u) => !cached.has(u.hash));
    for (let i = 0; i < todo.length; i += config.batchSize) await sendBatch(todo.slice(i, i + config.batchSize), st, guard, 0, signal);
    return assemble(inputs, uniques, st, signal);
  };

  const meta = { provider: client.provider, model: client.model, promptVersion };
  return {
    ...meta,
    analyze: (inputs, signal) => analyzeIn(newGuard(), inputs, signal),
    startRun: () => {
      const guard = newGuard();
      return { ...meta, analyze: (inputs, signal) => analyzeIn(guard, inputs, signal) };
    },
  };
};
