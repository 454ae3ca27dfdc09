import type { FastifyPluginAsync } from 'fastify';
import type { PromMetrics } from '../../../observability/prometheus/prom.metrics.js';

/** `GET /metrics/prometheus`: the Prometheus text exposition of this app's registry (open path). */
export const prometheusRoutes: FastifyPluginAsync<{ metrics: PromMetrics }> = async (app, { metrics }) => {
  app.get('/metrics/prometheus', { schema: { tags: ['ops'], description: 'Prometheus metrics (text exposition format 0.0.4).', produces: ['text/plain'] } }, async (_req, reply) => {
    const body = await metrics.render();
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(body);
  });
};
