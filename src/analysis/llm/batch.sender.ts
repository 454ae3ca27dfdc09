import type { AnalysisResult } from '../../domain/analysis.js';
import { isAppError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.port.js';
import type { Clock, Sleep } from '../../platform/clock.js';
import type { CachedVerdict, LlmCacheScope, LlmLedger } from '../../store/llm.port.js';
import type { AnalyzerInput } from '../analyzer.port.js';
import type { Budget } from './budget.js';
import type { LlmClient, LlmCompletion } from './llm-client.port.js';
import { userPrompt } from './prompt.js';
import { MalformedReplyError, parseReply } from './reply.parse.js';
import { completeWithRetry, type RetryPolicy } from './retry.js';
import type { GuardReason, RunGuard } from './run-guard.js';

export type FallbackReason = 'error' | 'budget' | 'invalid' | GuardReason;

/** One distinct text of a call: the first input carrying it, and every input index sharing it. */
export interface Unique {
  hash: string;
  input: AnalyzerInput;
  indices: number[];
}

export interface Spend {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export const zeroSpend = (): Spend => ({ tokensIn: 0, tokensOut: 0, costUsd: 0 });

/** What one analyze call has learnt so far, by content hash. */
export interface CallState {
  answered: Map<string, AnalysisResult>;
  /** The research topic of each answered hash, when the prompt named a taxonomy. */
  topics: Map<string, string | null>;
  failed: Map<string, FallbackReason>;
  spend: Map<string, Spend>;
}

export interface BatchSenderDeps {
  client: LlmClient;
  ledger: LlmLedger;
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  metrics: Metrics;
  scope: LlmCacheScope;
  system: string;
  /** The reply's JSON schema (with a `topic` field when the prompt names a taxonomy). */
  schema: Record<string, unknown>;
  /** The taxonomy's names by lower-case form (empty: no topic is asked for). */
  taxonomy: ReadonlyMap<string, string>;
  maxTextChars: number;
  policy: RetryPolicy;
  budget: Budget;
  cost: (tokensIn: number, tokensOut: number) => number;
}

/** Splits an integer evenly over n shares, the remainder going to the first shares. */
const share = (total: number, n: number, i: number): number => Math.floor(total / n) + (i < total % n ? 1 : 0);

const fail = (batch: readonly Unique[], st: CallState, reason: FallbackReason): void => {
  for (const u of batch) st.failed.set(u.hash, reason);
};

/**
 * Sends batches of one analyze call: the run's guard and the daily budget are checked before
 * every request; rejected items are retried once (`round` 1); whatever is still unanswered is
 * marked with the reason the heuristic must answer it.
 */
export const createBatchSender = (d: BatchSenderDeps) => {
  const { client, ledger, clock, log, metrics } = d;

  /** The request with retries; null (and the batch marked failed) when the provider failed. */
  const request = async (batch: readonly Unique[], user: string, st: CallState, guard: RunGuard, signal?: AbortSignal): Promise<LlmCompletion | null> => {
    const sig = guard.signal(signal);
    try {
      return await completeWithRetry(client, { system: d.system, user, schema: d.schema, maxOutputTokens: 512 + 256 * batch.length }, d.policy, { sleep: d.sleep, log, metrics }, sig);
    } catch (err) {
      if (signal?.aborted) throw err; // the caller stopped the run
      if (sig?.aborted) {
        fail(batch, st, 'deadline');
        guard.blocked(); // logs that the time budget is spent
        return null;
      }
      if (!isAppError(err)) throw err; // a bug, not a provider failure
      guard.failure();
      log.warn({ code: err.code, status: err.status, items: batch.length, err: err.message }, 'LLM request failed; the heuristic answers these items');
      fail(batch, st, 'error');
      return null;
    }
  };

  const record = async (batch: readonly Unique[], c: LlmCompletion, st: CallState): Promise<void> => {
    const usd = d.cost(c.tokensIn, c.tokensOut);
    await ledger.addUsage(clock.now().toISOString().slice(0, 10), client.provider, client.model, { tokensIn: c.tokensIn, tokensOut: c.tokensOut, costUsd: usd, requests: 1 });
    metrics.analyzerTokens(client.provider, client.model, 'input', c.tokensIn);
    metrics.analyzerTokens(client.provider, client.model, 'output', c.tokensOut);
    metrics.analyzerCost(client.provider, client.model, usd);
    batch.forEach((u, i) => {
      const s = st.spend.get(u.hash) ?? zeroSpend();
      st.spend.set(u.hash, { tokensIn: s.tokensIn + share(c.tokensIn, batch.length, i), tokensOut: s.tokensOut + share(c.tokensOut, batch.length, i), costUsd: s.costUsd + usd / batch.length });
    });
  };

  /** Validates the reply, caches what is valid, and returns the items to retry (all of them when the reply is unusable). */
  const accept = async (byId: Map<string, Unique>, c: LlmCompletion, st: CallState, guard: RunGuard, round: number): Promise<Unique[]> => {
    const expected = new Map([...byId].map(([id, u]) => [id, u.input.text]));
    let parsed;
    try {
      parsed = parseReply(c.content, expected, d.taxonomy);
    } catch (err) {
      if (!(err instanceof MalformedReplyError)) throw err;
      guard.failure();
      log.warn({ round, items: byId.size, err: err.message }, 'LLM reply unusable');
      return [...byId.values()];
    }
    guard.success();
    const fresh: Array<CachedVerdict & { contentHash: string }> = [];
    for (const [id, result] of parsed.results) {
      const u = byId.get(id) as Unique;
      const topic = d.taxonomy.size > 0 ? (parsed.topics.get(id) ?? null) : undefined;
      st.answered.set(u.hash, result);
      if (topic !== undefined) st.topics.set(u.hash, topic);
      fresh.push(topic === undefined ? { contentHash: u.hash, result } : { contentHash: u.hash, result, topic });
    }
    await ledger.putCached(d.scope, fresh, clock.now().toISOString());
    const rejected = [...parsed.rejected.keys()].map((id) => byId.get(id) as Unique);
    if (rejected.length > 0) log.warn({ round, rejected: rejected.length, reasons: [...new Set(parsed.rejected.values())].slice(0, 3) }, 'LLM reply rejected some items');
    return rejected;
  };

  const sendBatch = async (batch: readonly Unique[], st: CallState, guard: RunGuard, round: number, signal?: AbortSignal): Promise<void> => {
    const blocked = guard.blocked();
    if (blocked) return fail(batch, st, blocked);
    if (await d.budget.exhausted()) return fail(batch, st, 'budget');
    const byId = new Map(batch.map((u, i) => [String(i + 1), u]));
    const user = userPrompt([...byId].map(([id, u]) => ({ id, title: u.input.title, text: u.input.text })), d.maxTextChars);
    const completion = await request(batch, user, st, guard, signal);
    if (!completion) return;
    await record(batch, completion, st);
    const rejected = await accept(byId, completion, st, guard, round);
    if (rejected.length === 0) return;
    if (round === 0) return sendBatch(rejected, st, guard, 1, signal);
    fail(rejected, st, 'invalid');
  };

  return sendBatch;
};
