import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { ApiDeps } from './deps.js';
import { rejectControlChars } from './control-chars.js';
import { registerErrorHandling } from './errors.js';
import { lazyCompilersFactory } from './lazy-compilers.js';
import { lazyChildLoggerFactory } from './request-logger.js';
import { securityPlugin } from './plugins/security.plugin.js';
import { healthRoutes } from './routes/health/index.js';
import { itemsRoutes } from './routes/items/index.js';
import { legacyRoutes } from './routes/legacy/index.js';
import { jobsRoutes } from './routes/jobs/index.js';
import { metricsRoutes } from './routes/metrics/index.js';
import { prometheusRoutes } from './routes/metrics/prometheus.js';
import { createPromMetrics } from '../observability/prometheus/prom.metrics.js';
import { httpMetricsPlugin } from '../observability/prometheus/http.plugin.js';
import { labelsRoutes } from './routes/labels/index.js';
import { mutesRoutes } from './routes/mutes/index.js';
import { signalsRoutes } from './routes/signals/index.js';
import { snapshotsRoutes } from './routes/snapshots/index.js';
import { storiesRoutes } from './routes/stories/index.js';
import { authRoutes } from './routes/auth/index.js';
import { dashboardRoutes } from './routes/dashboard/index.js';
import { deliveriesRoutes } from './routes/deliveries/index.js';
import { sourcesRoutes } from './routes/sources/index.js';
import { topicsRoutes } from './routes/topics/index.js';
import { spikesRoutes } from './routes/spikes/index.js';
import { entitiesRoutes } from './routes/entities/index.js';
import { DEFAULT_WEB_ROOT, WEB_OPEN_PATHS, webPlugin } from './plugins/web.plugin.js';
import { ErrorBody } from './schemas.js';

export interface BuildAppOptions {
  /** Shared rate-limit counters (REDIS_URL). */
  redis?: Redis;
  /** The built web dashboard served at `/` (default web/dist). */
  webRoot?: string;
}

/** Paths that never need an API key: probes, docs, the OpenAPI document. */
export const OPEN_PATHS = ['/health', '/health/', '/docs', '/docs/', '/openapi.json', '/metrics/prometheus', ...WEB_OPEN_PATHS];

/**
 * Builds the API on the given dependencies. This one file sets the plugin order: error handling,
 * security (headers, CORS, keys, rate limits), OpenAPI, then the routes.
 */
export const buildApp = async (deps: ApiDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> => {
  const startedAt = Date.now();
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'api' }) as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    // A request's child logger is made only when it writes a line (CPU under load).
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: deps.api.bodyLimitBytes,
    // Each route's validators and serialisers compile on its first request (start-up time).
    schemaController: { compilersFactory: lazyCompilersFactory() },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // While closing, requests already on a connection are still answered (serve.ts drains first).
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  // NUL and other control characters in any input are a 400 before a route runs (issue 13).
  app.addHook('preValidation', rejectControlChars);
  app.addSchema(ErrorBody);
  // An app built without the composition root's registry (tests) gets one of its own.
  const metrics = deps.metrics ?? createPromMetrics({ version: deps.version, clock: deps.clock });
  if (!deps.metrics) metrics.watchStore({ store: deps.store });
  await app.register(httpMetricsPlugin, { metrics });
  await app.register(securityPlugin, {
    adminKeys: deps.api.keys,
    readKeys: deps.api.readKeys,
    openPaths: OPEN_PATHS,
    rateLimit: deps.api.rateLimit,
    corsOrigins: deps.api.corsOrigins,
    redis: opts.redis,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Signal Harvester API', version: deps.version, description: 'Signals triaged and scored from social and research sources.' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      security: deps.api.keys.length + deps.api.readKeys.length > 0 ? [{ apiKey: [] }] : [],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { deps, startedAt });
  await app.register(metricsRoutes, { deps, startedAt });
  await app.register(prometheusRoutes, { metrics });
  await app.register(legacyRoutes, { deps });
  await app.register(itemsRoutes, { deps });
  await app.register(signalsRoutes, { deps });
  await app.register(storiesRoutes, { deps });
  await app.register(labelsRoutes, { deps });
  await app.register(jobsRoutes, { deps });
  await app.register(snapshotsRoutes, { deps });
  await app.register(sourcesRoutes, { deps });
  await app.register(topicsRoutes, { deps });
  await app.register(spikesRoutes, { deps });
  await app.register(dashboardRoutes, { deps });
  await app.register(deliveriesRoutes, { deps });
  await app.register(authRoutes, { deps });
  await app.register(mutesRoutes, { deps });
  await app.register(entitiesRoutes, { deps });
  await app.register(webPlugin, { root: opts.webRoot ?? DEFAULT_WEB_ROOT });
  return app;
};
