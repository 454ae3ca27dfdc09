import { z } from 'zod';

/**
 * Prometheus exposition. The API always serves `GET /metrics/prometheus`; `harvest daemon` serves
 * the same path on `daemonPort` when one is set. `pipelineIntervalSeconds` is how often the
 * pipeline is expected to succeed (the CronJob's schedule): the "pipeline stalled" alert fires
 * after twice that without a successful run.
 */
export const metricsConfigSchema = z
  .object({
    /** Port for `harvest daemon`'s metrics listener (0 = any free port); unset = no listener. */
    daemonPort: z.number().int().min(0).max(65_535).optional(),
    /** Address the daemon's metrics listener binds to. */
    daemonHost: z.string().min(1).default('0.0.0.0'),
    pipelineIntervalSeconds: z.number().int().min(1).max(7 * 86_400).default(3600),
  })
  .strict();

export type MetricsConfig = z.infer<typeof metricsConfigSchema>;
