import type { Config } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
import type { PromMetrics } from '../observability/prometheus/prom.metrics.js';
import type { Clock } from '../platform/clock.js';
import type { PipelineDeps } from '../pipeline/deps.js';
import type { Store } from '../store/store.port.js';

/** What the API needs; built by the composition root (or a test) and passed to buildApp. */
export interface ApiDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  api: Config['api'];
  version: string;
  /** Builds pipeline dependencies for `POST /refresh`; absent → refresh answers 503. */
  pipelineDeps?: () => PipelineDeps;
  /** The app's Prometheus registry (GET /metrics/prometheus, HTTP metrics); absent → the API makes its own. */
  metrics?: PromMetrics;
}
