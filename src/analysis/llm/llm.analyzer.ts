import { contentHash } from '../../domain/content-hash.js';
import type { AnalysisResult, Provenance } from '../../domain/analysis.js';
import { isAppError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { noopMetrics, type Metrics } from '../../observability/metrics.port.js';
import type { Clock, Sleep } from '../../platform/clock.js';
import type { LlmCacheScope, LlmLedger } from '../../store/llm.port.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.port.js';
import { createBudget, createCostEstimator } from './budget.js';
import type { LlmClient } from './llm-client.port.js';
import type { LlmConfig } from './llm.config.js';
import { PROMPT_VERSION, REPLY_JSON_SCHEMA, systemPrompt, userPrompt, type TeamContext } from './prompt.js';
import { MalformedReplyError, parseReply } from './reply.parse.js';
import { completeWithRetry } from './retry.js';

export type FallbackReason = 'error' | 'budget' | 'invalid';

export interface LlmAnalyzerDeps {
  client: LlmClient;
  /** Answers whatever the LLM cannot: the heuristic analyzer. */
  fallback: Analyzer;
  ledger: LlmLedger;
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  metrics?: Metrics;
}

/** One distinct text of a call: the first input carrying it, and every input index sharing it. */
interface Unique {
  hash: string;
  input: AnalyzerInput;
  indices: number[];
}

interface Spend {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

const zero = (): Spend => ({ tokensIn: 0, tokensOut: 0, costUsd: 0 });

/** Splits an integer evenly over n shares, the remainder going to the first shares. */
const share = (total: number, n: number, i: number): number => Math.floor(total / n) + (i < total % n ? 1 : 0);

/**
 * The LLM analyzer shared by every provider: cache by content hash, batches of `batchSize` items
 * identified by request-local ids, validation of every item, one retry of just the rejected items,
 * a daily budget, and the heuristic (with `fallback` set) for whatever is still unanswered.
 */
export const createLlmAnalyzer = (config: LlmConfig, team: TeamContext, deps: LlmAnalyzerDeps): Analyzer => {
  const { client, ledger, clock } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const log = deps.log.child({ component: 'analyzer', provider: client.provider, model: client.model });
  const scope: LlmCacheScope = { provider: client.provider, model: client.model, promptVersion: PROMPT_VERSION };
  const system = systemPrompt(team);
  const cost = createCostEstimator(config.prices, client.model, log);
  const budget = createBudget(config.budget, { ledger, clock, log, metrics });
  const policy = { maxAttempts: config.maxAttempts, backoffMs: config.backoffMs, maxRetryAfterSeconds: config.maxRetryAfterSeconds };

  interface CallState {
    answered: Map<string, AnalysisResult>;
    failed: Map<string, FallbackReason>;
    spend: Map<string, Spend>;
  }

  /** Sends one batch; on rejected items retries just those once (`round` 1), then gives up on them. */
  const sendBatch = async (batch: readonly Unique[], st: CallState, round: number, signal?: AbortSignal): Promise<void> => {
    if (await budget.exhausted()) {
      for (const u of batch) st.failed.set(u.hash, 'budget');
      return;
    }
    const byId = new Map(batch.map((u, i) => [String(i + 1), u]));
    const expected = new Map([...byId].map(([id, u]) => [id, u.input.text]));
    const user = userPrompt([...byId].map(([id, u]) => ({ id, title: u.input.title, text: u.input.text })), config.maxTextChars);
    let completion;
    try {
      completion = await completeWithRetry(client, { system, user, schema: REPLY_JSON_SCHEMA, maxOutputTokens: 512 + 256 * batch.length }, policy, { sleep: deps.sleep, log, metrics }, signal);
    } catch (err) {
      if (!isAppError(err)) throw err; // an abort, or a bug: not a provider failure
      log.warn({ code: err.code, status: err.status, items: batch.length, err: err.message }, 'LLM request failed; the heuristic answers these items');
      for (const u of batch) st.failed.set(u.hash, 'error');
      return;
    }
    const usd = cost(completion.tokensIn, completion.tokensOut);
    await ledger.addUsage(clock.now().toISOString().slice(0, 10), client.provider, client.model, { tokensIn: completion.tokensIn, tokensOut: completion.tokensOut, costUsd: usd, requests: 1 });
    metrics.analyzerTokens(client.provider, client.model, 'input', completion.tokensIn);
    metrics.analyzerTokens(client.provider, client.model, 'output', completion.tokensOut);
    metrics.analyzerCost(client.provider, client.model, usd);
    batch.forEach((u, i) => {
      const s = st.spend.get(u.hash) ?? zero();
      st.spend.set(u.hash, { tokensIn: s.tokensIn + share(completion.tokensIn, batch.length, i), tokensOut: s.tokensOut + share(completion.tokensOut, batch.length, i), costUsd: s.costUsd + usd / batch.length });
    });

    let rejected: Unique[];
    try {
      const parsed = parseReply(completion.content, expected);
      const fresh: Array<{ contentHash: string; result: AnalysisResult }> = [];
      for (const [id, result] of parsed.results) {
        const u = byId.get(id) as Unique;
        st.answered.set(u.hash, result);
        fresh.push({ contentHash: u.hash, result });
      }
      await ledger.putCached(scope, fresh, clock.now().toISOString());
      rejected = [...parsed.rejected.keys()].map((id) => byId.get(id) as Unique);
      if (rejected.length > 0) log.warn({ round, rejected: rejected.length, reasons: [...new Set(parsed.rejected.values())].slice(0, 3) }, 'LLM reply rejected some items');
    } catch (err) {
      if (!(err instanceof MalformedReplyError)) throw err;
      log.warn({ round, items: batch.length, err: err.message }, 'LLM reply unusable');
      rejected = [...batch];
    }
    if (rejected.length === 0) return;
    if (round === 0) return sendBatch(rejected, st, 1, signal);
    for (const u of rejected) st.failed.set(u.hash, 'invalid');
  };

  const provenance = (p: Partial<Provenance>): Provenance => ({
    provider: client.provider,
    model: client.model,
    promptVersion: PROMPT_VERSION,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    fallback: false,
    ...p,
  });

  return {
    provider: client.provider,
    model: client.model,
    promptVersion: PROMPT_VERSION,
    async analyze(inputs, signal): Promise<AnalyzerOutput[]> {
      signal?.throwIfAborted();
      const uniques = new Map<string, Unique>();
      inputs.forEach((input, i) => {
        const hash = contentHash(input.title, input.text);
        const u = uniques.get(hash);
        if (u) u.indices.push(i);
        else uniques.set(hash, { hash, input, indices: [i] });
      });
      const cached = await ledger.getCached(scope, [...uniques.keys()]);
      const st: CallState = { answered: new Map(cached), failed: new Map(), spend: new Map() };
      const todo = [...uniques.values()].filter((u) => !cached.has(u.hash));
      for (let i = 0; i < todo.length; i += config.batchSize) await sendBatch(todo.slice(i, i + config.batchSize), st, 0, signal);

      const outputs: AnalyzerOutput[] = new Array<AnalyzerOutput>(inputs.length);
      const needFallback = [...uniques.values()].filter((u) => st.failed.has(u.hash));
      const fbOutputs = needFallback.length > 0 ? await deps.fallback.analyze(needFallback.map((u) => u.input), signal) : [];
      const fb = new Map(needFallback.map((u, k) => [u.hash, fbOutputs[k]]));
      const counts: Record<FallbackReason, number> = { error: 0, budget: 0, invalid: 0 };
      for (const u of uniques.values()) {
        const spent = st.spend.get(u.hash) ?? zero();
        const fbOut = fb.get(u.hash);
        u.indices.forEach((idx, n) => {
          const paid = n === 0 ? spent : zero(); // duplicates of a text cost nothing
          const input = inputs[idx] as AnalyzerInput;
          if (fbOut) {
            counts[st.failed.get(u.hash) as FallbackReason] += 1;
            outputs[idx] = { id: input.id, result: structuredClone(fbOut.result), provenance: { ...fbOut.provenance, ...paid, fallback: true } };
          } else {
            outputs[idx] = { id: input.id, result: structuredClone(st.answered.get(u.hash) as AnalysisResult), provenance: provenance(paid) };
          }
        });
      }
      for (const reason of ['error', 'budget', 'invalid'] as const) if (counts[reason] > 0) metrics.analyzerFallback(client.provider, client.model, reason, counts[reason]);
      return outputs;
    },
  };
};
