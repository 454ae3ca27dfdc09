import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { UNMATCHED_ROUTE, type PromMetrics } from './prom.metrics.js';

const ends = new WeakMap<FastifyRequest, (statusCode: number, seconds: number) => void>();

/**
 * Counts every request with its route template (`/signals/:id`, never `/signals/42`); requests no
 * route matched (404s, probes for random paths) share the one label UNMATCHED_ROUTE, so the label
 * set stays bounded whatever clients send.
 */
const httpMetrics: FastifyPluginAsync<{ metrics: PromMetrics }> = async (app, { metrics }) => {
  app.addHook('onRequest', async (req) => {
    ends.set(req, metrics.httpStart(req.method, req.routeOptions.url ?? UNMATCHED_ROUTE));
  });
  const finish = async (req: FastifyRequest, statusCode: number, seconds: number): Promise<void> => {
    ends.get(req)?.(statusCode, seconds);
    ends.delete(req);
  };
  app.addHook('onResponse', async (req, reply) => finish(req, reply.statusCode, reply.elapsedTime / 1000));
  // A client that hangs up still leaves the in-flight gauge (status 499, as nginx names it).
  app.addHook('onRequestAbort', async (req) => finish(req, 499, 0));
};

export const httpMetricsPlugin = fp(httpMetrics, { name: 'harvest-http-metrics', fastify: '5.x' });
