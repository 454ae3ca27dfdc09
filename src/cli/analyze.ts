import { InvalidArgumentError } from 'commander';
import { inputError } from '../domain/errors.js';
import type { AnalyzeResult } from '../pipeline/analyze.stage.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `--since`: an ISO 8601 date (UTC midnight) or date-time, as the ISO string items are stored with. */
export const sinceOption = (value: string): string => {
  const v = value.trim();
  const ms = ISO_DATE.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('must be an ISO 8601 date or date-time, e.g. 2026-11-20 or 2026-11-20T08:00:00Z');
  return new Date(ms).toISOString();
};

export interface AnalyzeFlags {
  retryFallbacks?: boolean;
  reanalyze?: boolean;
  since?: string;
}

/** Rejects flag combinations that cannot mean anything, before any item is touched. */
export const checkAnalyzeFlags = (opts: AnalyzeFlags, provider: string): void => {
  if (opts.retryFallbacks && opts.reanalyze) throw inputError('--retry-fallbacks and --reanalyze cannot be combined (--reanalyze already includes the fallbacks)');
  if (opts.since !== undefined && !opts.reanalyze) throw inputError('--since needs --reanalyze');
  if (provider !== 'heuristic') return;
  if (opts.retryFallbacks) throw inputError('--retry-fallbacks needs an LLM provider with its API key (analysis.provider or --provider openai|anthropic)');
  if (opts.reanalyze) throw inputError('--reanalyze needs an LLM provider with its API key (analysis.provider or --provider openai|anthropic)');
};

/** `analysed: 100 (fallback 100), failed: 0 (… provider openai)`; the fallback count only when there is one. */
export const analyzeSummary = (r: AnalyzeResult, provider: string): string => {
  const fallback = r.fallback > 0 ? ` (fallback ${r.fallback})` : '';
  const kept = r.skipped > 0 ? `, kept: ${r.skipped}` : '';
  return `analysed: ${r.ok}${fallback}${kept}, failed: ${r.failed} (${r.durationMs} ms, provider ${provider})`;
};
