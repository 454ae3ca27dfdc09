import type { AnalysisResult, Provenance } from '../domain/analysis.js';

export interface AnalyzerInput {
  /** Caller's id, echoed back unchanged. */
  id: string;
  text: string;
  title?: string | null;
}

export interface AnalyzerOutput {
  id: string;
  result: AnalysisResult;
  provenance: Provenance;
  /** The LLM's research topic (null: none of the taxonomy's); absent when no taxonomy was asked about or the heuristic answered. */
  llmTopic?: string | null;
}

/**
 * Turns texts into triage verdicts. Several inputs per call so LLM providers can batch; the
 * output has one entry per input, in the same order.
 */
export interface Analyzer {
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string;
  analyze(inputs: readonly AnalyzerInput[], signal?: AbortSignal): Promise<AnalyzerOutput[]>;
  /**
   * An analyzer whose calls share one run's state (the LLM's circuit breaker and time budget);
   * absent when the analyzer keeps none. Without it each `analyze` call is a run of its own.
   */
  startRun?(): Analyzer;
}
