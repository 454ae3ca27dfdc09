import { buildApp } from '../api/app.js';
import { inputError } from '../domain/errors.js';
import { APP_VERSION, type App } from '../main/compose.js';
import { startSchedule, type Schedule } from '../pipeline/schedule.js';
import { runPipeline } from '../pipeline/run.js';
import { sweepRetentionAfterRun } from '../jobs/retention.js';
import type { Io } from './output.js';


export interface ServeOptions {
  host: string;
  port: number;
  /** Also run the pipeline every this many seconds in this process. */
  scheduleSeconds?: number;
  /** Milliseconds SIGTERM waits for in-flight requests before giving up. */
  graceMs?: number;
  /** Milliseconds between SIGTERM and closing the listener, answering with `Connection: close`. */
  drainMs?: number;
}

/**
 * Serves the API on `app`'s store until SIGINT/SIGTERM, then shuts down gracefully: stop the
 * schedule (a run in progress finishes), stop accepting, finish in-flight requests, close Redis.
 * Resolves when the server has closed.
 */
/** A listen failure the user can act on (port taken, address not here, no permission) as a one-line input error. */
const listenError = (err: unknown, opts: ServeOptions): unknown => {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${opts.host}:${opts.port}`;
  if (code === 'EADDRINUSE') return inputError(`cannot serve on ${where}: the port is in use by another process (choose another with --port, or stop that process)`);
  if (code === 'EADDRNOTAVAIL') return inputError(`cannot serve on ${where}: this machine has no such address (try --host 127.0.0.1 or 0.0.0.0)`);
  if (code === 'EACCES') return inputError(`cannot serve on ${where}: permission denied (ports below 1024 need privileges; try --port 8000)`);
  return err;
};

export const serveApp = async (app: App, opts: ServeOptions, io: Io): Promise<void> => {
  // ioredis loads only when REDIS_URL is set.
  const redis = app.config.api.redisUrl
    ? new (await import('ioredis')).Redis(app.config.api.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false })
    : undefined;
  redis?.on('error', (err) => app.log.warn({ err: err.message }, 'redis error (rate limits fall back per the plugin settings)'));
  const server = await buildApp({ store: app.store, clock: app.clock, log: app.log, api: app.config.api, version: APP_VERSION, pipelineDeps: () => app.pipelineDeps(), metrics: app.metrics }, { redis });
  // During shutdown every response carries `Connection: close`, so keep-alive clients let go of
  // their connections after the request in flight instead of racing a closing socket.
  let closing = false;
  server.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  let address: string;
  try {
    address = await server.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await server.close().catch(() => undefined);
    redis?.disconnect();
    throw listenError(err, opts);
  }
  io.err(`serving the API on ${address}  (dashboard: ${address}/, docs: ${address}/docs, health: ${address}/health/ready)`);

  let schedule: Schedule | undefined;
  if (opts.scheduleSeconds !== undefined) {
    app.metrics.setPipelineInterval(opts.scheduleSeconds);
    schedule = startSchedule(
      () =>
        runPipeline(app.pipelineDeps(), { trigger: 'schedule' })
          .then(
            (r) => void app.log.info({ runId: r.runId, status: r.status }, 'scheduled pipeline run finished'),
            (err: unknown) => void app.log.error({ err: (err as Error).message }, 'scheduled pipeline run failed'),
          )
          .then(() => sweepRetentionAfterRun(app, app.config.api)),
      opts.scheduleSeconds * 1000,
    );
  }

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      io.err(`${signal}: finishing in-flight work, then stopping`);
      const grace = setTimeout(() => {
        io.err(`grace period of ${opts.graceMs ?? 10_000} ms over; closing remaining connections`);
        server.server.closeAllConnections();
      }, opts.graceMs ?? 10_000);
      grace.unref();
      closing = true;
      void (async () => {
        // Drain: keep answering (with Connection: close) while load balancers stop sending to us.
        await new Promise((r) => setTimeout(r, opts.drainMs ?? 1000));
        await schedule?.stop();
        await server.close();
        await redis?.quit().catch(() => undefined);
        clearTimeout(grace);
        resolve();
      })();
    };
    const onInt = (): void => shutdown('SIGINT');
    const onTerm = (): void => shutdown('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
};
