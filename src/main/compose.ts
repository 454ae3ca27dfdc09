import { buildAnalyzer } from '../analysis/llm/build-analyzer.js';
import type { Analyzer } from '../analysis/analyzer.port.js';
import type { Config } from '../config/schema.js';
import type { Notifier } from '../notify/notifier.port.js';
import { buildNotifiers } from '../notify/registry.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createPromMetrics, sqlOperation, type PromMetrics } from '../observability/prometheus/prom.metrics.js';
import type { PipelineDeps, Progress } from '../pipeline/deps.js';
import { fixedClock, realSleep, systemClock, type Clock } from '../platform/clock.js';
import { createFetchHttpClient, type HttpClient } from '../platform/http.js';
import type { Source } from '../sources/source.port.js';
import { buildSources } from '../sources/registry.js';
import { buildStoryEmbeddings } from '../embeddings/build-embeddings.js';
import { createKyselyStore } from '../store/kysely/kysely.store.js';
import type { Store } from '../store/store.port.js';

export const USER_AGENT = 'signal-harvester/0.1 (+https://github.com/signal-harvester)';

export interface App {
  config: Config;
  clock: Clock;
  log: Logger;
  store: Store;
  http: HttpClient;
  analyzer: Analyzer;
  sources: Source[];
  /** The configured notification channels (none when nothing is configured). */
  notifiers: readonly Notifier[];
  /** This app's Prometheus registry and instruments (one per app, never global). */
  metrics: PromMetrics;
  /** Pipeline dependencies built from all of the above. */
  pipelineDeps(progress?: Progress, signal?: AbortSignal): PipelineDeps;
  close(): Promise<void>;
}

export interface ComposeOptions {
  /** Logger to use instead of one built from config (tests, quiet commands). */
  log?: Logger;
  http?: HttpClient;
  /** Whether stdout/stderr is a terminal, for LOG_FORMAT=auto. */
  isTty?: boolean;
  /** Where channel secrets named by `secretEnv`/`urlEnv`/`passwordEnv` are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const APP_VERSION = '0.1.0';

/** The one place that turns configuration into adapters. API, CLI and scheduler all start here. */
export const composeApp = (config: Config, opts: ComposeOptions = {}): App => {
  const clock = config.now ? fixedClock(new Date(config.now)) : systemClock;
  const format = config.log.format === 'auto' ? (opts.isTty ? 'pretty' : 'json') : config.log.format;
  const log = opts.log ?? createLogger({ level: config.log.level, format });
  const http = opts.http ?? createFetchHttpClient({ userAgent: USER_AGENT });
  const metrics = createPromMetrics({ version: APP_VERSION, clock });
  metrics.setPipelineInterval(config.metrics.pipelineIntervalSeconds);
  const store = createKyselyStore(
    {
      path: config.store.path,
      url: config.store.url,
      busyTimeoutMs: config.store.busyTimeoutMs,
      poolSize: config.store.poolSize,
      onQuery: (text, outcome, seconds) => metrics.storeQuery(sqlOperation(text), outcome, seconds),
    },
    clock,
  );
  metrics.watchStore({ store, sqlitePath: config.store.url ? undefined : config.store.path, topicsWindowHours: config.topics.discovery.windowHours });
  // heuristic, openai or anthropic (analysis.provider); the LLM cache and budget live in the store.
  const analyzer = buildAnalyzer(config, { ledger: store.llm, clock, sleep: realSleep, log, metrics });
  // each source built only when its slice says it is configured (sources/registry.ts)
  const sources = buildSources(config.sources, { http, clock, sleep: realSleep, log, metrics });
  const notifiers = buildNotifiers(config.notify, { http, clock, sleep: realSleep, metrics, env: opts.env });
  // off by default (stories.embeddings.enabled): stories from tf-idf alone, nothing leaves the machine
  const embeddings = config.stories.embeddings.enabled ? buildStoryEmbeddings(config, store.embeddings, { clock, sleep: realSleep, log }) : undefined;
  return {
    config,
    clock,
    log,
    store,
    http,
    analyzer,
    sources,
    notifiers,
    metrics,
    pipelineDeps: (progress, signal) => ({
      store,
      sources,
      analyzer,
      notifiers,
      clock,
      log,
      scoring: config.scoring,
      topics: config.topics,
      batchSize: config.pipeline.batchSize,
      spikes: config.spikes,
      entities: config.entities,
      feedback: config.feedback,
      discoveryAlerts: config.notify.discovery,
      ...(embeddings && { embeddings }),
      progress,
      signal,
      metrics,
    }),
    close: () => store.close(),
  };
};
