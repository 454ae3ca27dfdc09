import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { conflict, internalError, notFound } from '../../../domain/errors.js';
import { SIGNAL_STATUSES } from '../../../domain/item.js';
import { TriageStateSchema } from '../../../domain/signal.schema.js';
import { bulkDeleteJob, bulkStatusJob, bulkTriageJob } from '../../../jobs/bulk.job.js';
import { jobEventStream, type JobStream } from '../../../jobs/job-stream.js';
import { refreshJob } from '../../../jobs/refresh.job.js';
import { createJobRunner } from '../../../jobs/runner.js';
import { isTerminalJobStatus, type Job } from '../../../store/jobs.port.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';

const MAX_BULK_IDS = 10_000;

const Ids = Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: MAX_BULK_IDS, uniqueItems: true });
const SignalStatus = Type.Union(SIGNAL_STATUSES.map((s) => Type.Literal(s)));
const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Accepted = Type.Object({ jobId: Type.String() });

const JobBody = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String({ description: 'queued | running | succeeded | failed | cancelled' }),
  total: Type.Integer(),
  done: Type.Integer(),
  failed: Type.Integer(),
  cancelRequested: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  error: Type.Optional(Type.String()),
  result: Type.Optional(Type.Unknown()),
});

const RefreshQuery = Type.Object(
  {
    notify_threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    notify_limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    notify_hours: Type.Optional(Type.Number({ minimum: 1, maximum: 168 })),
  },
  { additionalProperties: false },
);

const toJobBody = (job: Job) => ({
  id: job.id,
  kind: job.kind,
  status: job.status,
  total: job.total,
  done: job.done,
  failed: job.failed,
  cancelRequested: job.cancelRequested,
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
  ...(job.error === null ? {} : { error: job.error }),
  ...(job.result === null ? {} : { result: job.result }),
});

/**
 * Store-backed jobs: bulk status/triage/delete of signals and `POST /refresh`, run in this process after
 * answering 202; any replica reports, streams (SSE) or cancels any job.
 */
export const jobsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const runner = createJobRunner({ store: deps.store, clock: deps.clock, log: deps.log });
  const streams = new Set<JobStream>();
  /** The job, after failing it if its heartbeat stopped (its process is gone); a read costs no write otherwise. */
  const found = async (id: string): Promise<Job> => {
    let job = await deps.store.jobs.get(id);
    if (job && !isTerminalJobStatus(job.status) && (job.heartbeatAt ?? job.updatedAt) < runner.staleBefore()) {
      await runner.failStale();
      job = await deps.store.jobs.get(id);
    }
    if (!job) throw notFound(`no job ${id}`);
    return job;
  };
  const accepted = (reply: FastifyReply, job: Job | undefined) => {
    if (!job) throw internalError('job was not created');
    return reply.status(202).header('location', `/bulk-jobs/${job.id}`).send({ jobId: job.id });
  };

  // A job whose process died (restart, crash) is failed rather than left running forever.
  app.addHook('onReady', async () => {
    await runner.releaseOrphans().catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'could not release the jobs of a dead process at start'));
    await runner.failStale().catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'could not fail stale jobs at start'));
  });
  // Open streams would hold server.close() forever: end them before it waits for connections.
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
  });
  app.addHook('onClose', async () => runner.close());

  app.post(
    '/signals/bulk/status',
    {
      schema: {
        tags: ['jobs'],
        description: 'Sets the status of up to 10 000 signals as a job; watch it at `/bulk-jobs/{jobId}` or its `/stream`.',
        body: Type.Object({ ids: Ids, status: SignalStatus }, { additionalProperties: false }),
        response: { 202: Accepted, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      return accepted(reply, await runner.start(bulkStatusJob(req.body.ids, req.body.status)));
    },
  );

  app.post(
    '/signals/bulk/triage',
    {
      schema: {
        tags: ['jobs'],
        description: 'Sets the triage state of up to 10 000 signals as a job; watch it at `/bulk-jobs/{jobId}` or its `/stream`.',
        body: Type.Object({ ids: Ids, triage: TriageStateSchema }, { additionalProperties: false }),
        response: { 202: Accepted, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      return accepted(reply, await runner.start(bulkTriageJob(req.body.ids, req.body.triage)));
    },
  );

  app.post(
    '/signals/bulk/delete',
    {
      schema: {
        tags: ['jobs'],
        description: 'Deletes up to 10 000 signals as a job.',
        body: Type.Object({ ids: Ids }, { additionalProperties: false }),
        response: { 202: Accepted, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      return accepted(reply, await runner.start(bulkDeleteJob(req.body.ids)));
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags: ['legacy', 'jobs'],
        description: 'Starts a pipeline run as a job (409 while one is queued or running). `notify_*` override the notify settings for this run.',
        querystring: RefreshQuery,
        response: { 202: Accepted, 400: ErrorBody, 409: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!deps.pipelineDeps) return reply.status(503).send({ error: { code: 'PIPELINE_UNAVAILABLE', message: 'this server has no pipeline configured; refresh is unavailable' } });
      await runner.failStale();
      const q = req.query;
      const job = await runner.start(refreshJob(deps.pipelineDeps(), { notifyThreshold: q.notify_threshold, notifyLimit: q.notify_limit, notifyHours: q.notify_hours }));
      if (!job) throw conflict('a refresh is already queued or running');
      return accepted(reply, job);
    },
  );

  app.get(
    '/bulk-jobs/:id',
    { schema: { tags: ['jobs'], params: JobParams, response: { 200: JobBody, 404: ErrorBody } } },
    async (req) => toJobBody(await found(req.params.id)),
  );

  app.get(
    '/bulk-jobs/:id/stream',
    {
      schema: {
        tags: ['jobs'],
        description:
          'Server-sent events: `progress` (the job JSON) on every change, then one event named after the terminal status (`succeeded`, `failed`, `cancelled`), then the stream ends. A comment every 15 s keeps it open.',
        params: JobParams,
        response: { 200: Type.String({ description: 'text/event-stream' }), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await found(req.params.id);
      const stream = jobEventStream({ jobs: deps.store.jobs, log: req.log, toBody: toJobBody, failStale: runner.failStale, staleBefore: runner.staleBefore }, req.params.id);
      streams.add(stream);
      void stream.ended.then(() => streams.delete(stream));
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        // A Readable payload is piped as is (never serialized); the cast only satisfies the 200 schema's type.
        .send(stream.body as unknown as string);
    },
  );

  app.post(
    '/bulk-jobs/:id/cancel',
    { schema: { tags: ['jobs'], params: JobParams, response: { 202: JobBody, 404: ErrorBody, 409: ErrorBody } } },
    async (req, reply) => {
      const job = await deps.store.jobs.requestCancel(req.params.id);
      if (!job) {
        const ended = await found(req.params.id);
        throw conflict(`job ${ended.id} already ended (${ended.status})`);
      }
      return reply.status(202).send(toJobBody(job));
    },
  );
};
