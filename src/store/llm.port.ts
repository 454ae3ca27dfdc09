import type { AnalysisResult } from '../domain/analysis.js';
import type { AnalysisCandidate } from '../domain/item.js';

/** What an LLM verdict is cached under, besides the content hash. */
export interface LlmCacheScope {
  provider: string;
  model: string;
  promptVersion: string;
}

export interface LlmUsage {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  requests: number;
}

/** A cached LLM verdict, and the research topic it chose when the prompt named a taxonomy (undefined: it did not). */
export interface CachedVerdict {
  result: AnalysisResult;
  topic?: string | null;
}

/**
 * The LLM analyzer's memory: verdicts by content hash (so duplicate texts and re-runs cost
 * nothing) and the daily usage the budget is checked against. Implemented by the store (durable,
 * shared by every worker) and in memory (`harvest classify`, which opens no database).
 */
export interface LlmLedger {
  /** Cached verdicts for these content hashes under `scope`; hashes with none are absent. */
  getCached(scope: LlmCacheScope, hashes: readonly string[]): Promise<Map<string, CachedVerdict>>;
  /** Stores verdicts (an existing entry for the same key is kept). */
  putCached(scope: LlmCacheScope, entries: ReadonlyArray<CachedVerdict & { contentHash: string }>, now: string): Promise<void>;
  /** Adds one request's usage to the day's totals for provider and model. */
  addUsage(day: string, provider: string, model: string, usage: LlmUsage): Promise<void>;
  /** The day's totals over every provider and model. */
  usage(day: string): Promise<LlmUsage>;
}

/** An item to re-triage, with the provider of its current analysis (null: never analysed). */
export type ReanalysisCandidate = AnalysisCandidate & { analysedBy: string | null };

/** The store's LLM repository: the ledger plus the items the heuristic answered in place of an LLM. */
export interface LlmRepository extends LlmLedger {
  /** Items whose current analysis is a fallback (`harvest analyze --retry-fallbacks`), by id after `afterId`. */
  fallbackCandidates(afterId: number, limit: number): Promise<AnalysisCandidate[]>;
  /**
   * Items whose current analysis is not `target`'s verdict for their current text (none, another
   * provider/model/prompt version, a fallback, an older text), created at/after `since` when given,
   * by id after `afterId` (`harvest analyze --reanalyze`).
   */
  reanalysisCandidates(target: LlmCacheScope, opts: { since?: string }, afterId: number, limit: number): Promise<ReanalysisCandidate[]>;
}
