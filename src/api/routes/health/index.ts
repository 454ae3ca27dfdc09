import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiDeps } from '../../deps.js';

const Status = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.Object({ ok: Type.Boolean(), message: Type.String(), durationMs: Type.Number() }))),
  version: Type.Optional(Type.String()),
  uptimeSeconds: Type.Optional(Type.Number()),
});

/** Liveness (the process answers), readiness (store reachable, migrations applied), startup, summary. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps; startedAt: number }> = async (app, { deps, startedAt }) => {
  const storeCheck = async (): Promise<{ ok: boolean; message: string; durationMs: number }> => {
    const t0 = performance.now();
    try {
      await deps.store.ping();
      const pending = await deps.store.pendingMigrations();
      const ok = pending.length === 0;
      return { ok, message: ok ? `${deps.store.dialect} reachable, schema current` : `migrations pending: ${pending.join(', ')}`, durationMs: Math.round(performance.now() - t0) };
    } catch (err) {
      return { ok: false, message: (err as Error).message, durationMs: Math.round(performance.now() - t0) };
    }
  };
  const ready = async (_req: unknown, reply: { status(code: number): unknown }) => {
    const store = await storeCheck();
    reply.status(store.ok ? 200 : 503);
    return { status: store.ok ? ('ok' as const) : ('unavailable' as const), checks: { store } };
  };
  const schema = (description: string) => ({ tags: ['health'], description, response: { 200: Status, 503: Status } });

  app.get('/health/live', { schema: schema('The process is up and answering.') }, async () => ({ status: 'ok' as const }));
  app.get('/health/ready', { schema: schema('Store reachable and schema current; 503 otherwise.') }, ready);
  app.get('/health/startup', { schema: schema('Start-up finished (the store answered and migrations are applied).') }, ready);
  app.get('/health', { schema: schema('Summary: readiness plus version and uptime.') }, async (req, reply) => {
    const body = await ready(req, reply);
    return { ...body, version: deps.version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  });
};
