import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiDeps } from '../../deps.js';

const Counts = Type.Record(Type.String(), Type.Number());

/** A JSON summary for humans and simple dashboards (Prometheus exposition arrives with observability). */
export const metricsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps; startedAt: number }> = async (app, { deps, startedAt }) => {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        response: {
          200: Type.Object({
            timestamp: Type.String(),
            uptimeSeconds: Type.Number(),
            process: Type.Object({ rssBytes: Type.Number(), heapUsedBytes: Type.Number() }),
            store: Type.Object({
              dialect: Type.String(),
              items: Type.Number(),
              analyzed: Type.Number(),
              scored: Type.Number(),
              pendingAnalysis: Type.Number(),
              bySource: Counts,
              byCategory: Counts,
              bySentiment: Counts,
              notifications: Counts,
            }),
            lastRun: Type.Union([
              Type.Object({ id: Type.Number(), status: Type.String(), startedAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]) }),
              Type.Null(),
            ]),
          }),
        },
      },
    },
    async () => {
      const { lastRun, ...stats } = await deps.store.stats();
      const mem = process.memoryUsage();
      return {
        timestamp: deps.clock.now().toISOString(),
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        process: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
        store: { dialect: deps.store.dialect, ...stats },
        lastRun: lastRun ? { id: lastRun.id, status: lastRun.status, startedAt: lastRun.startedAt, finishedAt: lastRun.finishedAt } : null,
      };
    },
  );
};
