import type { DeliveryOutcome } from '../domain/notification.js';
/**
 * What the application reports to metrics. Adapters (sources, analyzers, notifier, pipeline) call
 * these hooks; the observability layer implements them with prom-client. Label values must come
 * from bounded sets (source names, provider/model names from config, fixed kinds), never raw input.
 */
export type PipelineStage = 'fetch' | 'analyze' | 'stories' | 'score' | 'notify';
export type SourceErrorKind = 'http' | 'timeout' | 'network' | 'parse' | 'auth' | 'rate_limit' | 'other';

export interface Metrics {
  /** One pipeline stage finished (`items` = items it processed). */
  pipelineStage(stage: PipelineStage, outcome: 'success' | 'failure', seconds: number, items: number): void;

  /** Items a source fetched (call per stored batch). */
  sourceFetched(source: string, count: number): void;
  sourceError(source: string, kind: SourceErrorKind): void;
  /** A response told us to slow down (429, remaining = 0, secondary limit). */
  sourceRateLimited(source: string): void;
  /** A source's fetch completed without error at this time (unix seconds). */
  sourceSuccess(source: string, atSeconds: number): void;

  /** One request to an LLM provider (`outcome` per HTTP exchange, retries count separately). */
  analyzerRequest(provider: string, model: string, outcome: 'ok' | 'error', seconds: number): void;
  analyzerTokens(provider: string, model: string, kind: 'input' | 'output', count: number): void;
  analyzerCost(provider: string, model: string, usd: number): void;
  /** Items answered by the heuristic instead of the configured provider. */
  analyzerFallback(provider: string, model: string, reason: 'error' | 'budget' | 'invalid' | 'circuit' | 'deadline', count: number): void;
  /** Remaining daily budget, when one is configured. */
  analyzerBudgetRemaining(kind: 'usd' | 'tokens', value: number): void;
  /** The configured daily budget (the "budget nearly spent" alert compares remaining with it). */
  analyzerBudgetLimit?(kind: 'usd' | 'tokens', value: number): void;

  notification(channel: string, outcome: 'sent' | 'failed' | 'retried'): void;

  /** A volume spike was recorded (`kind`: category, source, tag, term, story, entity). */
  spikeRaised?(kind: string): void;
  /** One outbox delivery attempt, by channel and its recorded outcome (sent/retry/dead/failed/unknown/gone). */
  delivery?(channel: string, outcome: DeliveryOutcome): void;
}

const noop = (): void => undefined;

/** The default: nothing recorded (tests, one-shot CLI commands without a metrics port). */
export const noopMetrics: Metrics = {
  pipelineStage: noop,
  sourceFetched: noop,
  sourceError: noop,
  sourceRateLimited: noop,
  sourceSuccess: noop,
  analyzerRequest: noop,
  analyzerTokens: noop,
  analyzerCost: noop,
  analyzerFallback: noop,
  analyzerBudgetRemaining: noop,
  notification: noop,
};
