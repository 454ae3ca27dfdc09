import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analysis/analyzer.port.js';
import type { ReanalysisCandidate } from '../store/llm.port.js';
import type { AnalysisCandidate, AnalysisWrite } from '../store/store.port.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';

const toInput = (it: AnalysisCandidate): AnalyzerInput => ({ id: String(it.id), text: it.text, title: it.title });

/** Analyses a batch; when the batch call fails, retries item by item so one bad item stays one failure. */
const analyzeBatch = async (deps: PipelineDeps, analyzer: Analyzer, items: readonly AnalysisCandidate[]): Promise<{ outputs: Map<string, AnalyzerOutput>; failed: number }> => {
  const outputs = new Map<string, AnalyzerOutput>();
  try {
    for (const o of await analyzer.analyze(items.map(toInput), deps.signal)) outputs.set(o.id, o);
    return { outputs, failed: 0 };
  } catch (err) {
    deps.log.warn({ component: 'analyze', err: (err as Error).message }, 'batch failed; analysing item by item');
  }
  let failed = 0;
  for (const it of items) {
    try {
      const [o] = await analyzer.analyze([toInput(it)], deps.signal);
      if (o) outputs.set(o.id, o);
    } catch (err) {
      failed += 1;
      deps.log.warn({ component: 'analyze', itemId: it.id, err: (err as Error).message }, 'item failed analysis');
    }
  }
  return { outputs, failed };
};

export interface AnalyzeOptions {
  limit?: number;
  /** Analyse the items whose stored analysis is the heuristic's stand-in for a failed LLM call. */
  retryFallbacks?: boolean;
  /** Re-triage items not yet analysed by this analyzer (provider, model, prompt version), optionally only items created at/after `since`. */
  reanalyze?: { since?: string };
}

/** Counts of the analyze stage; `fallback` of the `ok` items were answered by the heuristic in place of the LLM. */
export type AnalyzeResult = StageResult & { fallback: number };

const candidates = (deps: PipelineDeps, analyzer: Analyzer, opts: AnalyzeOptions, afterId: number, want: number): Promise<Array<AnalysisCandidate & { analysedBy?: string | null }>> => {
  if (opts.reanalyze) return deps.store.llm.reanalysisCandidates(analyzer, opts.reanalyze, afterId, want);
  return opts.retryFallbacks ? deps.store.llm.fallbackCandidates(afterId, want) : deps.store.pendingAnalysis(afterId, want);
};

/** A re-triage that fell back to the heuristic never replaces another LLM's verdict. */
const keeps = (it: Partial<ReanalysisCandidate>, o: AnalyzerOutput): boolean => o.provenance.fallback && typeof it.analysedBy === 'string' && it.analysedBy !== 'heuristic';

/**
 * Analyses every item with no analysis for its current content, a batch per transaction (or, with
 * `retryFallbacks`/`reanalyze`, the items those select). One analyzer run spans the whole stage, so
 * the LLM's circuit breaker and time budget hold across batches.
 */
export const runAnalyze = async (deps: PipelineDeps, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> => {
  const t0 = performance.now();
  const result: AnalyzeResult = { ok: 0, skipped: 0, failed: 0, fallback: 0, durationMs: 0 };
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const analyzer = deps.analyzer.startRun?.() ?? deps.analyzer;
  let afterId = 0;
  deps.progress?.start('analyze', null);
  try {
    while (result.ok + result.failed + result.skipped < limit) {
      const items = await candidates(deps, analyzer, opts, afterId, Math.min(deps.batchSize, limit - result.ok - result.failed - result.skipped));
      if (items.length === 0) break;
      afterId = items[items.length - 1]?.id ?? afterId;
      const { outputs, failed } = await analyzeBatch(deps, analyzer, items);
      const analyzedAt = deps.clock.now().toISOString();
      const rows: AnalysisWrite[] = [];
      for (const it of items) {
        const o = outputs.get(String(it.id));
        if (!o) continue;
        if (keeps(it, o)) result.skipped += 1;
        else rows.push({ itemId: it.id, contentHash: it.contentHash, result: o.result, provenance: o.provenance, analyzedAt, ...(o.llmTopic === undefined ? {} : { llmTopic: o.llmTopic }) });
      }
      await deps.store.saveAnalyses(rows);
      result.ok += rows.length;
      result.fallback += rows.filter((r) => r.provenance.fallback).length;
      result.failed += failed;
      deps.progress?.advance(items.length);
    }
  } finally {
    deps.progress?.stop();
  }
  result.durationMs = elapsed(t0);
  return result;
};
