import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics, PipelineStage, SourceErrorKind } from '../metrics.port.js';
import type { Clock } from '../../platform/clock.js';
import { systemClock } from '../../platform/clock.js';
import { memoryLimitBytes, registerStoreCollectors, type StoreWatch } from './store.collectors.js';

/**
 * The Metrics port over prom-client, plus the instruments only the composition root and the API
 * use (HTTP, store queries, the store-derived gauges). One instance owns one Registry, so two apps
 * (or two tests) in one process never share or collide on a metric.
 *
 * Names follow Prometheus conventions: `harvest_` prefix, base units (seconds, bytes), `_total`
 * counters. Every label takes values from a bounded set: route templates, stage names, source
 * names, provider/model names from config, fixed kinds and outcomes.
 */
export interface PromMetrics extends Metrics {
  readonly registry: Registry;
  /** A request matched `route` (a template, or UNMATCHED_ROUTE); call the result when it ends. */
  httpStart(method: string, route: string): (statusCode: number, seconds: number) => void;
  /** One SQL statement finished (`operation` = select/insert/update/delete/other). */
  storeQuery(operation: string, outcome: 'ok' | 'error', seconds: number): void;
  /** Registers gauges read from the store at scrape time (run log, outbox, sizes). */
  watchStore(watch: StoreWatch): void;
  /** The expected time between successful pipeline runs (schedule or CronJob interval). */
  setPipelineInterval(seconds: number): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** The route label of requests no route matched (404s): one fixed value, never the raw path. */
export const UNMATCHED_ROUTE = '__unmatched__';

export interface PromMetricsOptions {
  version: string;
  clock?: Clock;
  /** Node.js process metrics (memory, CPU, event loop, GC); default true. */
  defaultMetrics?: boolean;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STAGE_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800];
const LLM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
const QUERY_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

const OPERATIONS = new Set(['select', 'insert', 'update', 'delete']);
/** The statement kind of an SQL string: a bounded label value. */
export const sqlOperation = (sqlText: string): string => {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?([a-z]+)/i.exec(sqlText);
  const op = m?.[1]?.toLowerCase() ?? 'other';
  return OPERATIONS.has(op) ? op : 'other';
};

export const createPromMetrics = (opts: PromMetricsOptions): PromMetrics => {
  const clock = opts.clock ?? systemClock;
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const nowSeconds = (): number => clock.now().getTime() / 1000;
  const r = [registry];

  new Gauge({ name: 'harvest_build_info', help: 'Build information; always 1.', labelNames: ['version', 'node_version'], registers: r }).set(
    { version: opts.version, node_version: process.version },
    1,
  );

  new Gauge({
    name: 'harvest_process_memory_limit_bytes',
    help: 'Memory this process may use: its cgroup (container) limit, else the machine total.',
    registers: r,
    collect() {
      this.set(memoryLimitBytes());
    },
  });

  const httpRequests = new Counter({ name: 'harvest_http_requests_total', help: 'HTTP requests answered, by route template, method and status code.', labelNames: ['route', 'method', 'status_code'], registers: r });
  const httpDuration = new Histogram({ name: 'harvest_http_request_duration_seconds', help: 'HTTP request duration, by route template, method and status code.', labelNames: ['route', 'method', 'status_code'], buckets: HTTP_BUCKETS, registers: r });
  const httpInFlight = new Gauge({ name: 'harvest_http_requests_in_flight', help: 'HTTP requests being answered now, by route template and method.', labelNames: ['route', 'method'], registers: r });

  const stageRuns = new Counter({ name: 'harvest_pipeline_stage_runs_total', help: 'Pipeline stage runs, by stage and outcome.', labelNames: ['stage', 'outcome'], registers: r });
  const stageDuration = new Histogram({ name: 'harvest_pipeline_stage_duration_seconds', help: 'Pipeline stage duration, by stage.', labelNames: ['stage'], buckets: STAGE_BUCKETS, registers: r });
  const stageItems = new Counter({ name: 'harvest_pipeline_stage_items_total', help: 'Items processed by a pipeline stage.', labelNames: ['stage'], registers: r });
  const stageLastSuccess = new Gauge({ name: 'harvest_pipeline_stage_last_success_timestamp_seconds', help: 'When a stage last succeeded in this process (unix seconds).', labelNames: ['stage'], registers: r });
  const interval = new Gauge({ name: 'harvest_pipeline_expected_interval_seconds', help: 'How often the pipeline is expected to run successfully (schedule).', registers: r });
  interval.set(3600);

  const sourceFetched = new Counter({ name: 'harvest_source_fetched_items_total', help: 'Items fetched and stored, by source.', labelNames: ['source'], registers: r });
  const sourceErrors = new Counter({ name: 'harvest_source_errors_total', help: 'Source fetch failures, by source and kind.', labelNames: ['source', 'kind'], registers: r });
  const sourceRateLimited = new Counter({ name: 'harvest_source_rate_limited_total', help: 'Responses that told us to slow down, by source.', labelNames: ['source'], registers: r });
  const sourceLastSuccess = new Gauge({ name: 'harvest_source_last_success_timestamp_seconds', help: 'When a source last fetched without error (unix seconds).', labelNames: ['source'], registers: r });

  const llmRequests = new Counter({ name: 'harvest_analyzer_requests_total', help: 'Analyzer requests, by provider, model and outcome.', labelNames: ['provider', 'model', 'outcome'], registers: r });
  const llmDuration = new Histogram({ name: 'harvest_analyzer_request_duration_seconds', help: 'Analyzer request latency, by provider and model.', labelNames: ['provider', 'model'], buckets: LLM_BUCKETS, registers: r });
  const llmTokens = new Counter({ name: 'harvest_analyzer_tokens_total', help: 'LLM tokens, by provider, model and kind (input/output).', labelNames: ['provider', 'model', 'kind'], registers: r });
  const llmCost = new Counter({ name: 'harvest_analyzer_cost_usd_total', help: 'Estimated LLM cost in US dollars, by provider and model.', labelNames: ['provider', 'model'], registers: r });
  const llmFallbacks = new Counter({ name: 'harvest_analyzer_fallbacks_total', help: 'Items answered by the heuristic instead of the provider, by reason.', labelNames: ['provider', 'model', 'reason'], registers: r });
  const llmBudget = new Gauge({ name: 'harvest_analyzer_budget_remaining', help: 'Remaining daily LLM budget, by unit (usd/tokens).', labelNames: ['unit'], registers: r });
  const llmBudgetLimit = new Gauge({ name: 'harvest_analyzer_budget_limit', help: 'Configured daily LLM budget, by unit (usd/tokens).', labelNames: ['unit'], registers: r });

  const notifications = new Counter({ name: 'harvest_notifications_total', help: 'Notification deliveries, by channel and outcome (sent/failed/retried).', labelNames: ['channel', 'outcome'], registers: r });
  const spikes = new Counter({ name: 'harvest_spikes_total', help: 'Volume spikes recorded, by series kind (category, source, tag, term, story, entity).', labelNames: ['series_kind'], registers: r });
  const deliveries = new Counter({ name: 'harvest_notify_deliveries_total', help: 'Outbox delivery attempts, by channel and recorded outcome (sent/retry/dead/failed/unknown/gone).', labelNames: ['channel', 'outcome'], registers: r });

  const queryDuration = new Histogram({ name: 'harvest_store_query_duration_seconds', help: 'Store (SQL) statement duration, by operation and outcome.', labelNames: ['operation', 'outcome'], buckets: QUERY_BUCKETS, registers: r });

  // Series that exist from the start, so dashboards and `rate()` see zeros rather than gaps.
  for (const stage of ['fetch', 'analyze', 'stories', 'score', 'notify'] as const) {
    stageRuns.inc({ stage, outcome: 'success' }, 0);
    stageRuns.inc({ stage, outcome: 'failure' }, 0);
    stageItems.inc({ stage }, 0);
  }

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),

    pipelineStage(stage: PipelineStage, outcome, seconds, items) {
      stageRuns.inc({ stage, outcome });
      stageDuration.observe({ stage }, seconds);
      stageItems.inc({ stage }, items);
      if (outcome === 'success') stageLastSuccess.set({ stage }, nowSeconds());
    },
    sourceFetched: (source, count) => sourceFetched.inc({ source }, count),
    sourceError: (source, kind: SourceErrorKind) => sourceErrors.inc({ source, kind }),
    sourceRateLimited: (source) => sourceRateLimited.inc({ source }),
    sourceSuccess: (source, atSeconds) => sourceLastSuccess.set({ source }, atSeconds),

    analyzerRequest(provider, model, outcome, seconds) {
      llmRequests.inc({ provider, model, outcome });
      llmDuration.observe({ provider, model }, seconds);
    },
    analyzerTokens: (provider, model, kind, count) => llmTokens.inc({ provider, model, kind }, count),
    analyzerCost: (provider, model, usd) => llmCost.inc({ provider, model }, usd),
    analyzerFallback: (provider, model, reason, count) => llmFallbacks.inc({ provider, model, reason }, count),
    analyzerBudgetRemaining: (unit, value) => llmBudget.set({ unit }, value),
    analyzerBudgetLimit: (unit, value) => llmBudgetLimit.set({ unit }, value),

    notification: (channel, outcome) => notifications.inc({ channel, outcome }),
    spikeRaised: (kind) => spikes.inc({ series_kind: kind }),
    delivery: (channel, outcome) => deliveries.inc({ channel, outcome }),

    httpStart(method, route) {
      const m = method.toUpperCase();
      httpInFlight.inc({ route, method: m });
      let done = false;
      return (statusCode, seconds) => {
        if (done) return;
        done = true;
        httpInFlight.dec({ route, method: m });
        const labels = { route, method: m, status_code: String(statusCode) };
        httpRequests.inc(labels);
        httpDuration.observe(labels, seconds);
      };
    },
    storeQuery: (operation, outcome, seconds) => queryDuration.observe({ operation, outcome }, seconds),
    watchStore: (watch) => registerStoreCollectors(registry, { now: () => clock.now(), ...watch }),
    setPipelineInterval: (seconds) => interval.set(seconds),
  };
};
